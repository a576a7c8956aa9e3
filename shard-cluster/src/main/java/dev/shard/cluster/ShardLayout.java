package dev.shard.cluster;

import java.util.Set;
import java.util.TreeSet;

/**
 * The bot's shard layout as the instances sharing a Redis agree on it: the shard count and a generation number
 * that every re-shard raises by one. It lives in the hash {@code <prefix>:layout}; without it the layout is the
 * configured shard count at generation 0. Leases and session checkpoints of a generation live under keys of their
 * own ({@code <prefix>:lease:<shard>} for generation 0, {@code <prefix>:g<generation>:lease:<shard>} after), so a
 * checkpoint of an old layout is never resumed into a new one and fencing tokens start afresh per layout.
 *
 * @param totalShards the shard count
 * @param generation the generation, 0 until the first re-shard
 * @param previousTotal the shard count of the generation before ({@code totalShards} at generation 0)
 */
public record ShardLayout(int totalShards, int generation, int previousTotal) {

	public ShardLayout {
		if (totalShards < 1 || previousTotal < 1) {
			throw new IllegalArgumentException("shard counts must be at least 1");
		}
		if (generation < 0) {
			throw new IllegalArgumentException("generation must not be negative");
		}
	}

	/** The layout before any re-shard. */
	static ShardLayout initial(int totalShards) {
		return new ShardLayout(totalShards, 0, totalShards);
	}

	/**
	 * The shards of this layout whose guilds all belong to one of {@code parents} in the layout before: {@code j}
	 * with {@code j % from} among them (this count is a multiple of {@code from}).
	 * @param parents shard ids of the layout of {@code from} shards
	 * @param from the shard count before
	 * @return the children, ascending
	 */
	Set<Integer> children(Set<Integer> parents, int from) {
		Set<Integer> children = new TreeSet<>();
		for (int j = 0; j < this.totalShards; j++) {
			if (parents.contains(j % from)) {
				children.add(j);
			}
		}
		return children;
	}

	/** The key prefix of this generation's leases and checkpoints. */
	static String keyPrefix(String prefix, int generation) {
		return (generation == 0) ? prefix : prefix + ":g" + generation;
	}

}
