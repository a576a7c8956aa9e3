package dev.shard.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import dev.shard.gateway.ReshardException;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShutdownMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The shard layout the lease managers share in Redis, against a real Redis with a {@link ShardControl} that records
 * what it is told: moving it on, following it (re-sharding the owned shards, or adopting it when owning nothing),
 * giving up and retrying, and never claiming a new shard while another instance still holds its parent. The
 * shards themselves are covered by {@code RedisReshardIntegrationTests} in the starter.
 */
class ShardLeaseReshardTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	final RedisTestSupport redis = new RedisTestSupport();

	/** Records starts, stops and re-shards; a re-shard fails while {@link #failReshards} is positive. */
	static class ReshardingControl implements ShardControl {

		final Map<Integer, Optional<SessionInfo>> running = new ConcurrentHashMap<>();

		final List<Integer> reshards = new CopyOnWriteArrayList<>();

		final List<Integer> adopted = new CopyOnWriteArrayList<>();

		final AtomicInteger failReshards = new AtomicInteger();

		volatile int total = 2;

		@Override
		public Mono<Void> start(int shardId, Optional<SessionInfo> session) {
			return Mono.fromRunnable(() -> this.running.put(shardId, session));
		}

		@Override
		public Mono<Void> stop(int shardId, ShutdownMode mode) {
			return Mono.fromRunnable(() -> this.running.remove(shardId));
		}

		@Override
		public Mono<Void> reshard(int totalShards) {
			return Mono.defer(() -> {
				this.reshards.add(totalShards);
				if (this.failReshards.getAndDecrement() > 0) {
					return Mono.error(new ReshardException("the new layout was not ready"));
				}
				// as the shard manager: the old shards of this process are replaced by their children
				Set<Integer> old = Set.copyOf(this.running.keySet());
				this.running.clear();
				for (int j = 0; j < totalShards; j++) {
					if (old.contains(j % this.total)) {
						this.running.put(j, Optional.empty());
					}
				}
				this.total = totalShards;
				return Mono.empty();
			});
		}

		@Override
		public Mono<Void> adoptShardCount(int totalShards) {
			return Mono.fromRunnable(() -> {
				this.adopted.add(totalShards);
				this.total = totalShards;
			});
		}

	}

	private ShardLeaseManager manager(ReshardingControl control, String id, Duration retry) {
		return ShardLeaseManager.builder(this.redis.newClient(), this.redis.prefix, control, 2)
			.instanceId(id)
			.leaseTtl(Duration.ofMillis(1200))
			.renewInterval(Duration.ofMillis(250))
			.reshardRetryDelay(retry)
			.build();
	}

	@Test
	void aMovedLayoutIsFollowedByTheOwnerWhichThenHoldsTheChildrenInTheNewGeneration() {
		ReshardingControl control = new ReshardingControl();
		ShardLeaseManager a = manager(control, "a", Duration.ofSeconds(30));
		a.start();
		try {
			await().atMost(WAIT).until(() -> a.ownedShards().equals(Set.of(0, 1)));
			assertThatExceptionOfType(ReshardException.class).isThrownBy(() -> a.requestReshard(3, "test").block())
				.withMessageContaining("multiple of 2");
			assertThatExceptionOfType(ReshardException.class).isThrownBy(() -> a.requestReshard(2, "test").block())
				.withMessageContaining("can only grow");

			assertThat(a.requestReshard(4, "test").block()).isEqualTo(new ShardLayout(4, 1, 2));
			await().atMost(WAIT).until(() -> a.layout().generation() == 1 && !a.isResharding());
			assertThat(control.reshards).containsExactly(4);
			assertThat(a.ownedShards()).containsExactly(0, 1, 2, 3);
			assertThat(a.totalShards()).isEqualTo(4);
			assertThat(a.owners().block()).hasSize(4).containsValue("a");
			await().atMost(WAIT)
				.until(() -> this.redis.admin().exists(this.redis.prefix + ":lease:0", this.redis.prefix + ":lease:1")
						== 0);
			assertThat(this.redis.admin().get(this.redis.prefix + ":g1:lease:3")).startsWith("a:");

			// a second move before this one was followed elsewhere is refused by the compare-and-set
			ShardLeaseManager stale = manager(new ReshardingControl(), "stale", Duration.ofSeconds(30));
			assertThatExceptionOfType(ReshardException.class)
				.isThrownBy(() -> stale.requestReshard(4, "test").block())
				.withMessageContaining("changed meanwhile");

			// the layout lost with a Redis restart is written back by an instance that runs it
			this.redis.admin().del(this.redis.prefix + ":layout");
			await().atMost(WAIT)
				.until(() -> "1".equals(this.redis.admin().hget(this.redis.prefix + ":layout", "generation")));
		}
		finally {
			a.halt();
		}
	}

	@Test
	void aFailedReshardRunsOnInTheOldLayoutAndNobodyClaimsAChildWhoseParentIsHeld() {
		ReshardingControl controlA = new ReshardingControl();
		controlA.failReshards.set(1);
		ShardLeaseManager a = manager(controlA, "a", Duration.ofSeconds(2));
		ReshardingControl controlB = new ReshardingControl();
		ShardLeaseManager b = manager(controlB, "b", Duration.ofSeconds(2));
		a.start();
		try {
			await().atMost(WAIT).until(() -> a.ownedShards().equals(Set.of(0, 1)));
			a.requestReshard(4, "test").block();
			// the first try fails: the claims of the new generation are given back, the old shards run on
			await().atMost(WAIT).until(() -> controlA.reshards.size() == 1 && !a.isResharding());
			assertThat(a.layout().generation()).isZero();
			assertThat(a.ownedShards()).containsExactly(0, 1);
			await().atMost(WAIT).until(() -> this.redis.admin().keys(this.redis.prefix + ":g1:lease:*").isEmpty());

			// an instance that joins now takes the new layout but no shard: every parent is held by a
			b.start();
			await().atMost(WAIT).until(() -> {
				if (a.layout().generation() == 0) {
					assertThat(b.ownedShards()).as("children claimed while their parent is held").isEmpty();
				}
				return a.layout().generation() == 1 && !a.isResharding();
			});
			assertThat(controlB.adopted).containsExactly(4);
			assertThat(controlA.reshards).containsExactly(4, 4);
			// then the two share the four shards of the new layout
			await().atMost(WAIT).until(() -> a.ownedShards().size() == 2 && b.ownedShards().size() == 2);
			assertThat(a.owners().block()).hasSize(4);
		}
		finally {
			a.halt();
			b.halt();
		}
	}

	@Test
	void instancesGivenDifferentCountsAtStartAgreeOnTheFirstLayoutWritten() {
		ReshardingControl controlA = new ReshardingControl();
		ShardLeaseManager a = ShardLeaseManager.builder(this.redis.newClient(), this.redis.prefix, controlA, 0)
			.instanceId("a")
			.leaseTtl(Duration.ofMillis(1200))
			.renewInterval(Duration.ofMillis(250))
			.build();
		ReshardingControl controlB = new ReshardingControl();
		ShardLeaseManager b = ShardLeaseManager.builder(this.redis.newClient(), this.redis.prefix, controlB, 0)
			.instanceId("b")
			.leaseTtl(Duration.ofMillis(1200))
			.renewInterval(Duration.ofMillis(250))
			.build();
		assertThatIllegalStateException().isThrownBy(a::start).withMessageContaining("start(totalShards)");
		a.start(2);
		try {
			await().atMost(WAIT).until(() -> a.ownedShards().equals(Set.of(0, 1)));
			// the recommendation grew before the second instance started: it takes the layout the first wrote
			b.start(4);
			await().atMost(WAIT).until(() -> a.ownedShards().size() == 1 && b.ownedShards().size() == 1);
			assertThat(controlB.adopted).containsExactly(2);
			assertThat(b.layout()).isEqualTo(new ShardLayout(2, 0, 2));
			assertThat(controlB.running.keySet()).allMatch((id) -> id < 2);
		}
		finally {
			a.halt();
			b.halt();
		}
	}

	@Test
	void fixedShardsAreFollowedByTheirChildren() {
		ReshardingControl control = new ReshardingControl();
		ShardLeaseManager fixed = ShardLeaseManager.builder(this.redis.newClient(), this.redis.prefix, control, 2)
			.instanceId("fixed")
			.shards(Set.of(1))
			.leaseTtl(Duration.ofMillis(1200))
			.renewInterval(Duration.ofMillis(250))
			.build();
		fixed.start();
		try {
			await().atMost(WAIT).until(() -> fixed.ownedShards().equals(Set.of(1)));
			fixed.requestReshard(4, "test").block();
			await().atMost(WAIT).until(() -> fixed.layout().generation() == 1 && !fixed.isResharding());
			assertThat(fixed.ownedShards()).containsExactly(1, 3);
			assertThat(fixed.fixedShards()).contains(Set.of(1, 3));
		}
		finally {
			fixed.halt();
		}
	}

}
