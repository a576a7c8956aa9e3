package dev.shard.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShutdownMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Lease rules of {@link ShardLeaseManager} against a real Redis, with a {@link ShardControl} that records what
 * it is told (the shard side is covered by {@link ClusterFailoverIntegrationTests}).
 */
class ShardLeaseManagerTests {

	/**
	 * Every wait below is a hang guard, not a deadline: leases of 1.2-2 s renewed every 250 ms need a few seconds at
	 * most, and what is asserted is what happened (who holds which lease, what was started and stopped, counters).
	 */
	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	final RedisTestSupport redis = new RedisTestSupport();

	/** Running shards and when each was stopped. */
	static class RecordingControl implements ShardControl {

		final Map<Integer, Optional<SessionInfo>> running = new ConcurrentHashMap<>();

		final Map<Integer, Long> stoppedAt = new ConcurrentHashMap<>();

		@Override
		public Mono<Void> start(int shardId, Optional<SessionInfo> session) {
			return Mono.fromRunnable(() -> this.running.put(shardId, session));
		}

		@Override
		public Mono<Void> stop(int shardId, ShutdownMode mode) {
			return Mono.fromRunnable(() -> {
				this.running.remove(shardId);
				this.stoppedAt.put(shardId, System.nanoTime());
			});
		}

	}

	private ShardLeaseManager.Builder manager(ClusterRedisClient client, RecordingControl control, String id) {
		return ShardLeaseManager.builder(client, this.redis.prefix, control, 4)
			.instanceId(id)
			.leaseTtl(Duration.ofMillis(1200))
			.renewInterval(Duration.ofMillis(250));
	}

	@Test
	void ttlMustExceedThreeRenewIntervals() {
		assertThatIllegalArgumentException().isThrownBy(() -> ShardLeaseManager
			.builder(this.redis.newClient(), this.redis.prefix, new RecordingControl(), 2)
			.leaseTtl(Duration.ofSeconds(3))
			.renewInterval(Duration.ofSeconds(1))
			.build());
	}

	@Test
	void fixedShardSetIsClaimedAndAnotherHoldersLeaseStopsTheShard() {
		RecordingControl control = new RecordingControl();
		ShardLeaseManager manager = manager(this.redis.newClient(), control, "fixed").shards(Set.of(1, 3)).build();
		manager.start();
		try {
			await().atMost(WAIT).until(() -> control.running.keySet().equals(Set.of(1, 3)));
			assertThat(manager.owners().block()).containsOnly(Map.entry(1, "fixed"), Map.entry(3, "fixed"));
			long token = manager.fencingToken(3).orElseThrow();
			// Someone else now holds shard 3 (e.g. after a long pause here): the next renewal must stop it.
			this.redis.admin().set(this.redis.prefix + ":lease:3", "intruder:" + (token + 1));
			await().atMost(WAIT).until(() -> control.stoppedAt.containsKey(3));
			assertThat(manager.ownedShards()).containsExactly(1);
			assertThat(manager.lostLeaseCount()).isEqualTo(1);
		}
		finally {
			manager.stop().block(Duration.ofSeconds(3));
		}
		assertThat(control.running).isEmpty();
		assertThat(this.redis.admin().exists(this.redis.prefix + ":lease:1")).as("released on stop").isZero();
	}

	@Test
	void stopShardsPolicyStopsBeforeTheLeaseCanBeClaimedElsewhere() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379)) {
			RecordingControl control = new RecordingControl();
			ShardLeaseManager manager = manager(this.redis.newClient(proxy.uri()), control, "strict")
				.shards(Set.of(0, 2))
				.outagePolicy(ShardLeaseManager.OutagePolicy.STOP_SHARDS)
				.build();
			manager.start();
			try {
				await().atMost(WAIT).until(() -> control.running.size() == 2);
				proxy.stop();
				// The moment the leases disappear from Redis (anyone could claim now), both shards were stopped.
				await().atMost(WAIT)
					.until(() -> this.redis.admin().exists(this.redis.prefix + ":lease:0",
							this.redis.prefix + ":lease:2") == 0);
				long expiredBy = System.nanoTime();
				assertThat(control.running).isEmpty();
				assertThat(control.stoppedAt.values()).allSatisfy((t) -> assertThat(t).isLessThan(expiredBy));
			}
			finally {
				manager.halt();
			}
		}
	}

	@Test
	void evenShareAcrossInstancesAndSurvivorTakesOverWithTheSavedSession() {
		RecordingControl a = new RecordingControl();
		RecordingControl b = new RecordingControl();
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		ShardLeaseManager ma = manager(this.redis.newClient(), a, "a").sessionStore(store).build();
		ShardLeaseManager mb = manager(this.redis.newClient(), b, "b").sessionStore(store).build();
		ma.start();
		mb.start();
		try {
			await().atMost(WAIT).until(() -> a.running.size() == 2 && b.running.size() == 2);
			int shardOfB = b.running.keySet().iterator().next();
			store.save(shardOfB, new SessionInfo("s-b", "wss://r/", 7), mb.fencingToken(shardOfB).orElseThrow())
				.block();
			mb.halt();
			await().atMost(WAIT).until(() -> a.running.size() == 4);
			assertThat(a.running.get(shardOfB)).contains(new SessionInfo("s-b", "wss://r/", 7));
			assertThat(ma.resumedClaimCount()).isEqualTo(1);
			assertThat(ma.fencingToken(shardOfB).orElseThrow()).as("new token fences the old owner")
				.isGreaterThan(mb.fencingToken(shardOfB).orElseThrow());
		}
		finally {
			ma.halt();
			mb.halt();
		}
	}

	@Test
	void afterARedisOutageTheFirstInstanceBackLeavesItsPeersShardsToThem() throws Exception {
		try (TcpProxy proxyA = new TcpProxy(6379); TcpProxy proxyB = new TcpProxy(6379)) {
			RecordingControl a = new RecordingControl();
			RecordingControl b = new RecordingControl();
			Duration ttl = Duration.ofMillis(2000);
			ShardLeaseManager ma = manager(this.redis.newClient(proxyA.uri()), a, "a").leaseTtl(ttl).build();
			ShardLeaseManager mb = manager(this.redis.newClient(proxyB.uri()), b, "b").leaseTtl(ttl).build();
			ma.start();
			mb.start();
			try {
				await().atMost(WAIT).until(() -> a.running.size() == 2 && b.running.size() == 2);
				Set<Integer> ofA = Set.copyOf(a.running.keySet());
				Set<Integer> ofB = Set.copyOf(b.running.keySet());
				String instances = this.redis.prefix + ":instances";

				// Redis "goes down" for both: every lease and both heartbeats lapse, the shards keep running.
				proxyA.stop();
				proxyB.stop();
				await().atMost(WAIT)
					.until(() -> this.redis.admin().exists(this.redis.prefix + ":lease:0", this.redis.prefix + ":lease:1",
							this.redis.prefix + ":lease:2", this.redis.prefix + ":lease:3", this.redis.prefix + ":instance:a",
							this.redis.prefix + ":instance:b") == 0);

				// a reaches Redis first: it sees itself alone and b's leases free, yet must leave them to b.
				proxyA.start();
				await().atMost(WAIT)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> ofA.stream().allMatch((id) -> String.valueOf(leaseValue(id)).startsWith("a:")));
				Double recoveredTick = this.redis.admin().zscore(instances, "a");
				// The next heartbeat of a comes after the whole recovery tick, rebalancing included.
				await().atMost(WAIT)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> this.redis.admin().zscore(instances, "a") > recoveredTick);
				assertThat(a.running.keySet()).as("a claimed none of b's shards").isEqualTo(ofA);
				assertThat(ofB).allSatisfy((id) -> assertThat(leaseValue(id)).isNull());

				proxyB.start();
				await().atMost(WAIT)
					.until(() -> ofB.stream().allMatch((id) -> String.valueOf(leaseValue(id)).startsWith("b:")));
				// Past a's pause the two see each other and keep their shards.
				await().atMost(WAIT)
					.until(() -> this.redis.admin().zscore(instances, "a") > recoveredTick + ttl.toMillis() + 600);
				assertThat(a.running.keySet()).isEqualTo(ofA);
				assertThat(b.running.keySet()).isEqualTo(ofB);
				assertThat(ma.ownedShards()).isEqualTo(ofA);
				assertThat(mb.ownedShards()).isEqualTo(ofB);
				assertThat(a.stoppedAt).isEmpty();
				assertThat(b.stoppedAt).isEmpty();
				assertThat(ma.lostLeaseCount() + mb.lostLeaseCount()).isZero();
			}
			finally {
				ma.halt();
				mb.halt();
			}
		}
	}

	private String leaseValue(int shardId) {
		return this.redis.admin().get(this.redis.prefix + ":lease:" + shardId);
	}


	/**
	 * A hand-over waits for the shard's buffer to drain, which can take longer than the lease TTL with a slow
	 * listener. Meanwhile the lease stays this instance's (nobody resumes the session from an older checkpoint while
	 * it still delivers), and the other leases keep being renewed: the hand-over runs beside the ticks, not in them.
	 */
	@Test
	void aSlowHandOverKeepsItsLeaseAndDoesNotStallTheOtherRenewals() {
		reactor.core.publisher.Sinks.Empty<Void> drained = reactor.core.publisher.Sinks.empty();
		RecordingControl control = new RecordingControl() {

			@Override
			public Mono<Void> stop(int shardId, ShutdownMode mode) {
				return (shardId == 3) ? super.stop(shardId, mode).then(drained.asMono()) : super.stop(shardId, mode);
			}

		};
		ShardLeaseManager a = manager(this.redis.newClient(), control, "a").releaseTimeout(Duration.ofSeconds(30))
			.build();
		RecordingControl other = new RecordingControl();
		ShardLeaseManager b = manager(this.redis.newClient(), other, "b").build();
		a.start();
		try {
			await().atMost(Duration.ofSeconds(3)).until(() -> control.running.size() == 4);
			// a second instance: a hands shards 3 and 1 over (not its preferred ones); shard 3 drains slowly
			b.start();
			await().atMost(Duration.ofSeconds(3)).until(() -> control.stoppedAt.containsKey(3));
			String lease3 = this.redis.prefix + ":lease:3";
			// three TTLs later shard 3 is still draining: its lease is still a's, and a still holds its share
			await().during(Duration.ofMillis(3600)).atMost(Duration.ofSeconds(5))
				.until(() -> String.valueOf(this.redis.admin().get(lease3)).startsWith("a:")
						&& !other.running.containsKey(3) && a.ownedShards().equals(Set.of(0, 2)));
			assertThat(a.lostLeaseCount()).isZero();
			drained.tryEmitEmpty();
			// drained: released, and b takes it over
			await().atMost(Duration.ofSeconds(3)).until(() -> other.running.containsKey(3));
		}
		finally {
			drained.tryEmitEmpty();
			a.stop().block(Duration.ofSeconds(3));
			b.stop().block(Duration.ofSeconds(3));
		}
	}
}
