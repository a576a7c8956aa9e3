package dev.shard.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * An instance's even share of the shards: the live instances are sorted by id, each holds
 * {@code totalShards / n} shards and the first {@code totalShards % n} one more, and each prefers the shards with
 * {@code shard % n == its index}, so that a stable set of instances settles on a stable assignment.
 */
final class LeaseShare {

	private LeaseShare() {
	}

	/** How many shards the instance at {@code index} of {@code n} live instances holds. */
	static int target(int totalShards, int n, int index) {
		return totalShards / n + ((index < totalShards % n) ? 1 : 0);
	}

	/** The shards not owned yet, in the order to claim them: preferred ones first, each group ascending. */
	static List<Integer> claimOrder(int totalShards, int n, int index, Set<Integer> owned) {
		List<Integer> preferred = new ArrayList<>();
		List<Integer> others = new ArrayList<>();
		for (int id = 0; id < totalShards; id++) {
			if (!owned.contains(id)) {
				((id % n == index) ? preferred : others).add(id);
			}
		}
		preferred.addAll(others);
		return preferred;
	}

	/** The leases above the target, to hand to newcomers: not-preferred shards first, highest id first. */
	static List<Lease> extras(Collection<Lease> owned, int n, int index, int target) {
		return owned.stream()
			.sorted(Comparator.comparing((Lease l) -> l.shardId() % n == index).thenComparing(Lease::shardId,
					Comparator.reverseOrder()))
			.limit(owned.size() - target)
			.toList();
	}

}
