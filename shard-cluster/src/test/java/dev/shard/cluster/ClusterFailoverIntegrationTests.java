package dev.shard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShardConfig;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances (lease manager, Redis limiter, session store and real shards each, own Redis connection) in
 * one JVM sharing the real Redis and one simulator with {@code max_concurrency} 2.
 */
class ClusterFailoverIntegrationTests {

	private static final int SHARDS = 6;

	private static final Duration LEASE_TTL = Duration.ofMillis(1500);

	private static final Duration RENEW = Duration.ofMillis(300);

	private static final Duration WINDOW = Duration.ofMillis(300);

	private RedisTestSupport redis;

	private GatewaySimulator simulator;

	private final List<Instance> instances = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.redis = new RedisTestSupport();
		this.simulator = GatewaySimulator.builder()
			.maxConcurrency(2)
			.identifyWindow(WINDOW)
			.recommendedShards(SHARDS)
			.heartbeatInterval(Duration.ofSeconds(2))
			.build()
			.start();
	}

	@AfterEach
	void tearDown() {
		this.instances.forEach(Instance::kill);
		this.simulator.close();
		this.redis.close();
	}

	private Instance instance(String id, String redisUri) {
		Instance instance = new Instance(id, this.redis.newClient(redisUri));
		this.instances.add(instance);
		return instance;
	}

	private Instance instance(String id) {
		return instance(id, RedisTestSupport.URI);
	}

	private final class Instance {

		final String id;

		final ClusterRedisClient client;

		final RedisIdentifyRateLimiter limiter;

		final RedisSessionStore store;

		final SessionCheckpointer checkpointer;

		final CoreShardControl control;

		final ShardLeaseManager leases;

		Instance(String id, ClusterRedisClient client) {
			this.id = id;
			this.client = client;
			String prefix = ClusterFailoverIntegrationTests.this.redis.prefix;
			this.limiter = RedisIdentifyRateLimiter.builder(client, prefix)
				.window(WINDOW)
				.sendMargin(Duration.ofMillis(100))
				.maxConcurrency(2)
				.outageRetry(Duration.ofMillis(50), Duration.ofMillis(200))
				.build();
			this.store = new RedisSessionStore(client, prefix);
			this.checkpointer = new SessionCheckpointer(this.store, Duration.ofMillis(150), 100);
			GatewaySimulator sim = ClusterFailoverIntegrationTests.this.simulator;
			ShardConfig config = ShardConfig.builder(sim.token())
				.gatewayUrl(sim.gatewayUrl())
				.maxConcurrency(2)
				.reconnectBackoff(new ShardConfig.Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 2))
				.invalidSessionDelay(Duration.ofMillis(10), Duration.ofMillis(50))
				.build();
			this.control = new CoreShardControl(config, SHARDS, this.limiter);
			this.leases = ShardLeaseManager.builder(client, prefix, this.control, SHARDS)
				.instanceId(id)
				.leaseTtl(LEASE_TTL)
				.renewInterval(RENEW)
				.sessionStore(this.store)
				.checkpointer(this.checkpointer)
				.build();
		}

		Instance start() {
			this.leases.start();
			return this;
		}

		/** Abrupt death: coordination stops, connections drop, nothing is released or checkpointed. */
		void kill() {
			this.leases.halt();
			this.checkpointer.close();
			this.control.killAll();
		}

		Set<Integer> connectedOwned() {
			return this.leases.ownedShards().stream().filter(this.control::isConnected).collect(Collectors.toSet());
		}

	}

	private Set<Integer> connectedEverywhere(List<Instance> alive) {
		Set<Integer> all = new HashSet<>();
		alive.forEach((i) -> all.addAll(i.connectedOwned()));
		return all;
	}

	private void awaitEvenSpreadAllConnected(List<Instance> alive, Duration atMost) {
		await().atMost(atMost).until(() -> connectedEverywhere(alive).size() == SHARDS
				&& alive.stream().mapToInt((i) -> i.leases.ownedShards().size()).sum() == SHARDS
				&& alive.stream().allMatch((i) -> i.leases.ownedShards().size() == SHARDS / alive.size()));
	}

	private List<SimulatorLog.Violation> violations() {
		return this.simulator.violations();
	}

	private void awaitCheckpointsOfAllShards(RedisSessionStore store) {
		await().atMost(Duration.ofSeconds(10)).until(() -> IntStream.range(0, SHARDS).allMatch((id) -> {
			SessionInfo saved = store.load(id).block().orElse(null);
			return saved != null && saved.sequence() >= this.simulator.lastSequence(id);
		}));
	}

	@Test
	void deadInstancesShardsAreTakenOverAndResumedWithinTwoLeasePeriods() throws Exception {
		Instance a = instance("a").start();
		Instance b = instance("b").start();
		Instance c = instance("c").start();
		awaitEvenSpreadAllConnected(List.of(a, b, c), Duration.ofSeconds(15));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(violations()).isEmpty();

		this.simulator.dispatch("MESSAGE_CREATE", 20, null, null).get();
		awaitCheckpointsOfAllShards(a.store);

		Set<Integer> orphaned = c.leases.ownedShards();
		assertThat(orphaned).hasSize(2);
		int resumesBefore = this.simulator.resumes().size();
		c.kill();

		List<Instance> survivors = List.of(a, b);
		// A hang guard (expected: one lease TTL plus a claim tick), not a deadline: how the orphans were taken over
		// is asserted below from what was recorded (resumes, identifies, claims).
		await().atMost(LEASE_TTL.multipliedBy(6))
			.until(() -> orphaned.stream().allMatch((id) -> connectedEverywhere(survivors).contains(id)));
		awaitEvenSpreadAllConnected(survivors, Duration.ofSeconds(10));

		// Taken over by RESUMING: no new identify, a RESUMED resume per orphaned shard.
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		List<SimulatorLog.Resume> resumes = this.simulator.resumes().subList(resumesBefore,
				this.simulator.resumes().size());
		assertThat(resumes).hasSize(orphaned.size()).allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(a.leases.resumedClaimCount() + b.leases.resumedClaimCount()).isEqualTo(orphaned.size());
		assertThat(violations()).isEmpty();

		// A replacement instance joins: the survivors hand shards over (released resumably, resumed by it).
		Instance c2 = instance("c2").start();
		awaitEvenSpreadAllConnected(List.of(a, b, c2), Duration.ofSeconds(10));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(this.simulator.resumes()).allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(violations()).isEmpty();
	}

	@Test
	void restartedClusterResumesEverySession() throws Exception {
		List<Instance> first = List.of(instance("a").start(), instance("b").start(), instance("c").start());
		awaitEvenSpreadAllConnected(first, Duration.ofSeconds(15));
		this.simulator.dispatch("MESSAGE_CREATE", 10, null, null).get();
		for (Instance i : first) {
			i.leases.stop().block(Duration.ofSeconds(5));
			i.checkpointer.close();
		}
		assertThat(first.stream().flatMap((i) -> i.control.shards.values().stream()))
			.allSatisfy((s) -> assertThat(s.state().isTerminal()).isTrue());
		// Graceful stop wrote the final sequence of every shard.
		RedisSessionStore store = first.get(0).store;
		for (int id = 0; id < SHARDS; id++) {
			assertThat(store.load(id).block()).get()
				.satisfies((s) -> assertThat(s.sequence()).isGreaterThanOrEqualTo(10));
		}

		List<Instance> second = List.of(instance("a2").start(), instance("b2").start(), instance("c2").start());
		awaitEvenSpreadAllConnected(second, Duration.ofSeconds(15));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(this.simulator.resumes()).allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(this.simulator.resumes().stream().map(SimulatorLog.Resume::sessionId).distinct())
			.as("every session resumed").hasSize(SHARDS);
		assertThat(violations()).isEmpty();
	}

	@Test
	void redisOutageKeepsConnectedShardsRunningNeverIdentifiesBlindlyAndRecovers() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379)) {
			List<Instance> all = List.of(instance("a", proxy.uri()).start(), instance("b", proxy.uri()).start(),
					instance("c", proxy.uri()).start());
			awaitEvenSpreadAllConnected(all, Duration.ofSeconds(15));
			List<Set<Integer>> ownedBefore = all.stream().map((i) -> i.leases.ownedShards()).toList();
			int identifiesBefore = this.simulator.identifies().size();

			proxy.stop();
			// Every lease in Redis lapses while nobody can renew; the shards stay connected anyway.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> IntStream.range(0, SHARDS)
					.noneMatch((id) -> this.redis.admin().exists(this.redis.prefix + ":lease:" + id) > 0));
			assertThat(all).allSatisfy((i) -> assertThat(i.leases.isRedisAvailable()).isFalse());
			assertThat(connectedEverywhere(all)).hasSize(SHARDS);

			// Shard 0's session dies: it needs a new identify, which must wait for Redis.
			this.simulator.invalidate(0, false);
			Instance owner0 = all.stream().filter((i) -> i.leases.ownedShards().contains(0)).findFirst().orElseThrow();
			await().atMost(Duration.ofSeconds(10)).until(() -> !owner0.control.isConnected(0)
					&& owner0.limiter.deferredByOutageCount() > 0);
			assertThat(this.simulator.identifies()).hasSize(identifiesBefore);

			proxy.start();
			awaitEvenSpreadAllConnected(all, Duration.ofSeconds(10));
			assertThat(all.stream().map((i) -> i.leases.ownedShards()).toList())
				.as("each instance re-acquired its own leases").isEqualTo(ownedBefore);
			assertThat(this.simulator.identifies()).hasSize(identifiesBefore + 1);
			assertThat(all).allSatisfy((i) -> assertThat(i.leases.lostLeaseCount()).isZero());
			assertThat(violations()).isEmpty();
		}
	}

}
