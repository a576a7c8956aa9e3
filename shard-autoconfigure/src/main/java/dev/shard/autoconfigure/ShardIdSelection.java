package dev.shard.autoconfigure;

import java.util.BitSet;
import java.util.List;

/**
 * Which shard ids this process runs, parsed from {@code discord.gateway.shards.ids}: {@code all}, ranges such as
 * {@code 0-15}, single ids, or a list of both ({@code 0,3,8-11}).
 */
public final class ShardIdSelection {

	private static final ShardIdSelection ALL = new ShardIdSelection(null, "all");

	private final BitSet ids;

	private final String text;

	private ShardIdSelection(BitSet ids, String text) {
		this.ids = ids;
		this.text = text;
	}

	/** Every shard of the bot. */
	public static ShardIdSelection all() {
		return ALL;
	}

	/**
	 * Parse a selection.
	 * @param items entries such as {@code all}, {@code 4}, {@code 0-15}; each may itself be comma-separated
	 * @return the selection
	 * @throws IllegalArgumentException with a message naming the bad entry
	 */
	public static ShardIdSelection parse(List<String> items) {
		if (items == null || items.isEmpty()) {
			return ALL;
		}
		BitSet ids = new BitSet();
		for (String item : items) {
			for (String part : item.split(",")) {
				String p = part.trim();
				if (p.isEmpty()) {
					continue;
				}
				if (p.equalsIgnoreCase("all")) {
					return ALL;
				}
				int dash = p.indexOf('-');
				try {
					if (dash > 0) {
						int from = Integer.parseInt(p.substring(0, dash).trim());
						int to = Integer.parseInt(p.substring(dash + 1).trim());
						if (from < 0 || to < from) {
							throw new IllegalArgumentException(
									"shard id range '" + p + "' must be 'from-to' with 0 <= from <= to");
						}
						ids.set(from, to + 1);
					}
					else {
						int id = Integer.parseInt(p);
						if (id < 0) {
							throw new IllegalArgumentException("shard id '" + p + "' must not be negative");
						}
						ids.set(id);
					}
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException(
							"'" + p + "' is not a shard id, a range such as 0-15, or 'all'");
				}
			}
		}
		if (ids.isEmpty()) {
			return ALL;
		}
		return new ShardIdSelection(ids, String.join(",", items));
	}

	public boolean isAll() {
		return this.ids == null;
	}

	/**
	 * The selected ids for a bot with {@code total} shards, ascending.
	 * @param total the bot's total shard count
	 * @return the ids
	 * @throws IllegalArgumentException if an id is not below {@code total}
	 */
	public int[] resolve(int total) {
		if (total < 1) {
			throw new IllegalArgumentException("total shard count must be at least 1, was " + total);
		}
		if (this.ids == null) {
			int[] all = new int[total];
			for (int i = 0; i < total; i++) {
				all[i] = i;
			}
			return all;
		}
		if (this.ids.length() > total) {
			throw new IllegalArgumentException("shard id " + (this.ids.length() - 1) + " is not below the total of "
					+ total + " shards (selection '" + this.text + "')");
		}
		return this.ids.stream().toArray();
	}

	@Override
	public String toString() {
		return this.text;
	}

}
