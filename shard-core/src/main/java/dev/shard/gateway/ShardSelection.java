package dev.shard.gateway;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * Which shard ids one process runs, so that several processes can split one bot: {@code all}, a range
 * ({@code "0-15"}, inclusive), a list ({@code "0,3,7"}) or a mix ({@code "0-3,8,10-11"}).
 */
public final class ShardSelection {

	private static final ShardSelection ALL = new ShardSelection(null, "all");

	/** Null means all. */
	private final BitSet ids;

	private final String text;

	private ShardSelection(BitSet ids, String text) {
		this.ids = ids;
		this.text = text;
	}

	/** Every shard id of the total. */
	public static ShardSelection all() {
		return ALL;
	}

	/** Shard ids {@code from} to {@code to}, both inclusive. */
	public static ShardSelection range(int from, int to) {
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("A shard range needs 0 <= from <= to, was " + from + "-" + to);
		}
		BitSet ids = new BitSet();
		ids.set(from, to + 1);
		return new ShardSelection(ids, from + "-" + to);
	}

	/** Exactly these shard ids. */
	public static ShardSelection of(int... ids) {
		if (ids.length == 0) {
			throw new IllegalArgumentException("At least one shard id is required");
		}
		BitSet set = new BitSet();
		for (int id : ids) {
			if (id < 0) {
				throw new IllegalArgumentException("Shard ids must not be negative, was " + id);
			}
			set.set(id);
		}
		return new ShardSelection(set, set.stream().mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).get());
	}

	/**
	 * Parse {@code "all"} (or blank), {@code "0-15"}, {@code "0,3,7"} or a comma-separated mix.
	 * @param text the selection
	 * @return the selection
	 * @throws IllegalArgumentException with a message naming the bad part
	 */
	public static ShardSelection parse(String text) {
		if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
			return ALL;
		}
		BitSet ids = new BitSet();
		for (String part : text.split(",")) {
			String p = part.trim();
			if (p.isEmpty()) {
				throw new IllegalArgumentException("Empty item in shard selection '" + text + "'");
			}
			try {
				int dash = p.indexOf('-', 1);
				if (dash > 0) {
					int from = Integer.parseInt(p.substring(0, dash).trim());
					int to = Integer.parseInt(p.substring(dash + 1).trim());
					if (from < 0 || to < from) {
						throw new IllegalArgumentException(
								"Shard range '" + p + "' in '" + text + "' needs 0 <= from <= to");
					}
					ids.set(from, to + 1);
				}
				else {
					int id = Integer.parseInt(p);
					if (id < 0) {
						throw new IllegalArgumentException("Shard id '" + p + "' in '" + text + "' is negative");
					}
					ids.set(id);
				}
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(
						"Shard selection '" + text + "' is not 'all', a range like '0-15' or a list like '0,3,7'", ex);
			}
		}
		return new ShardSelection(ids, text.trim());
	}

	/** Whether this is every shard. */
	public boolean isAll() {
		return this.ids == null;
	}

	/**
	 * The selected shard ids for a bot with {@code totalShards} shards, ascending.
	 * @param totalShards the shard count
	 * @return the ids
	 * @throws IllegalArgumentException if an id is not below {@code totalShards}
	 */
	public int[] resolve(int totalShards) {
		if (totalShards < 1) {
			throw new IllegalArgumentException("totalShards must be at least 1, was " + totalShards);
		}
		if (this.ids == null) {
			int[] all = new int[totalShards];
			Arrays.setAll(all, (i) -> i);
			return all;
		}
		int highest = this.ids.length() - 1;
		if (highest >= totalShards) {
			throw new IllegalArgumentException("Shard selection '" + this.text + "' names shard " + highest
					+ " but the bot has only " + totalShards + " shard(s) (ids 0-" + (totalShards - 1) + ")");
		}
		return this.ids.stream().toArray();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ShardSelection other && Objects.equals(this.ids, other.ids);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.ids);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
