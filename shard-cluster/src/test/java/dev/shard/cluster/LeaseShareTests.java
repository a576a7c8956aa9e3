package dev.shard.cluster;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The even-share rule of {@link LeaseShare}, without Redis (the lease manager applying it:
 * {@link ShardLeaseManagerTests}).
 */
class LeaseShareTests {

	@Test
	void theFirstInstancesTakeTheRemainder() {
		// 10 shards among 3 instances: 4, 3, 3
		assertThat(List.of(LeaseShare.target(10, 3, 0), LeaseShare.target(10, 3, 1), LeaseShare.target(10, 3, 2)))
			.containsExactly(4, 3, 3);
		// more instances than shards: the last ones hold nothing
		assertThat(LeaseShare.target(2, 3, 2)).isZero();
	}

	@Test
	void preferredShardsAreClaimedFirstAndOwnedOnesNotAtAll() {
		assertThat(LeaseShare.claimOrder(8, 3, 1, Set.of(4))).containsExactly(1, 7, 0, 2, 3, 5, 6);
	}

	@Test
	void extrasAreNotPreferredShardsFirstHighestIdFirst() {
		List<Lease> owned = List.of(lease(0), lease(1), lease(3), lease(4), lease(6));
		// instance 0 of 3 prefers 0, 3, 6: it hands over 4 then 1, then the highest preferred
		assertThat(LeaseShare.extras(owned, 3, 0, 2)).extracting(Lease::shardId).containsExactly(4, 1, 6);
	}

	private static Lease lease(int shardId) {
		return new Lease(0, shardId, 1, 0, Mono.empty());
	}

}
