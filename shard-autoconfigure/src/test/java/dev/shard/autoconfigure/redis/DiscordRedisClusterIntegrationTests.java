package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.RedisSessionStore;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.cluster.TcpProxy;
import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Spring Boot applications (full auto-configuration, nothing but properties) sharing the real Redis and one
 * gateway simulator with {@code max_concurrency} 2: the starter's shards are split by leases, identify within the
 * cluster-wide limit, and are resumed (never re-identified) by the survivors after a crash and after a graceful
 * shutdown.
 */
@Timeout(120)
class DiscordRedisClusterIntegrationTests {

	private static final int SHARDS = 6;

	private static final Duration LEASE_TTL = Duration.ofMillis(1500);

	private static final Duration SIM_WINDOW = Duration.ofMillis(300);

	private RedisTestSupport redis;

	private GatewaySimulator simulator;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.redis = new RedisTestSupport();
		this.simulator = GatewaySimulator.builder()
			.maxConcurrency(2)
			.identifyWindow(SIM_WINDOW)
			.recommendedShards(SHARDS)
			.heartbeatInterval(Duration.ofSeconds(2))
			.sessionExpiry(Duration.ofSeconds(60))
			.build()
			.start();
	}

	@AfterEach
	void tearDown() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	private ConfigurableApplicationContext instance(String id, String... more) {
		List<String> properties = new ArrayList<>(List.of( "discord.token=" + this.simulator.token(),
				"discord.api-base-url=" + this.simulator.restBaseUrl(), "discord.gateway.shards.total=" + SHARDS,
				"discord.gateway.intents=GUILDS,GUILD_MESSAGES", "discord.gateway.shutdown-timeout=5s",
				"discord.gateway.reconnect.initial-delay=50ms", "discord.gateway.reconnect.max-delay=500ms",
				"discord.gateway.invalid-session-delay-min=10ms", "discord.gateway.invalid-session-delay-max=50ms",
				"discord.gateway.coordination=redis",
				"discord.gateway.redis.key-prefix=" + this.redis.prefix, "discord.gateway.redis.command-timeout=500ms",
				"discord.gateway.redis.identify.window=" + SIM_WINDOW.toMillis() + "ms",
				"discord.gateway.redis.identify.send-margin=100ms",
				"discord.gateway.redis.session.checkpoint-interval=150ms",
				"discord.gateway.redis.lease.ttl=" + LEASE_TTL.toMillis() + "ms",
				"discord.gateway.redis.lease.renew-interval=300ms", "discord.gateway.redis.lease.instance-id=" + id,
				"management.endpoint.health.show-details=always"));
		properties.addAll(List.of(more));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Bot.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	/**
	 * Instances that start their gateways together, as in a deployment: the contexts are refreshed one by one
	 * (Spring Boot's logging set-up is not thread-safe) without connecting ({@code discord.enabled=false}), then
	 * started at once.
	 */
	private List<ConfigurableApplicationContext> startTogether(String... ids) {
		return startTogetherOn("redis://127.0.0.1:6379", ids);
	}

	private List<ConfigurableApplicationContext> startTogetherOn(String redisUri, String... ids) {
		List<ConfigurableApplicationContext> created = new ArrayList<>();
		for (String id : ids) {
			created.add(instance(id, "discord.enabled=false", "discord.gateway.redis.uri=" + redisUri));
		}
		created.forEach(ConfigurableApplicationContext::start);
		return created;
	}

	private static ShardLeaseManager leases(ConfigurableApplicationContext context) {
		return context.getBean(ShardLeaseManager.class);
	}

	/** Shards this instance holds a lease for and runs connected. */
	private static Set<Integer> connectedOwned(ConfigurableApplicationContext context) {
		GatewayShards shards = context.getBean(GatewayShards.class);
		return leases(context).ownedShards()
			.stream()
			.filter((id) -> shards.shard(id).map(Shard::state).orElse(null) == ShardState.CONNECTED)
			.collect(Collectors.toSet());
	}

	private void awaitEvenSpreadAllConnected(List<ConfigurableApplicationContext> alive, Duration atMost) {
		await().atMost(atMost).until(() -> {
			Set<Integer> connected = new HashSet<>();
			alive.forEach((c) -> connected.addAll(connectedOwned(c)));
			return connected.size() == SHARDS
					&& alive.stream().allMatch((c) -> leases(c).ownedShards().size() == SHARDS / alive.size()
							// and the manager runs exactly the owned shards
							&& c.getBean(GatewayShards.class).expectedShards() == SHARDS / alive.size());
		});
	}

	/** Never two identifies of one bucket closer than the window, and the simulator saw no breach. */
	private void assertIdentifyLimitsKept() {
		Map<Integer, List<SimulatorLog.Identify>> byBucket = new TreeMap<>();
		this.simulator.identifies().forEach((i) -> byBucket.computeIfAbsent(i.shardId() % 2, (b) -> new ArrayList<>()).add(i));
		byBucket.values().forEach((identifies) -> {
			identifies.sort(Comparator.comparing(SimulatorLog.Identify::time));
			for (int i = 1; i < identifies.size(); i++) {
				assertThat(Duration.between(identifies.get(i - 1).time(), identifies.get(i).time()))
					.as("identifies of bucket %d", identifies.get(i).shardId() % 2)
					.isGreaterThanOrEqualTo(SIM_WINDOW);
			}
		});
		assertThat(this.simulator.violations()).isEmpty();
	}

	private void awaitCheckpointsOfAllShards(RedisSessionStore store) {
		await().atMost(Duration.ofSeconds(10)).until(() -> IntStream.range(0, SHARDS).allMatch((id) -> {
			SessionInfo saved = store.load(id).block().orElse(null);
			return saved != null && saved.sequence() >= this.simulator.lastSequence(id);
		}));
	}

	private String leaseHolder(int shardId) {
		return this.redis.admin().get(this.redis.prefix + ":lease:" + shardId);
	}

	private List<SimulatorLog.Resume> resumesSince(int before) {
		List<SimulatorLog.Resume> all = this.simulator.resumes();
		return all.subList(before, all.size());
	}

	@Test
	void shardsAreSplitByLeasesAndACrashedInstancesShardsAreResumedBySurvivors() throws Exception {
		List<ConfigurableApplicationContext> all = startTogether("a", "b", "c");
		awaitEvenSpreadAllConnected(all, Duration.ofSeconds(20));
		assertThat(this.simulator.identifies()).hasSize(SHARDS)
			.allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
		assertIdentifyLimitsKept();
		assertThat(all.get(0).getBean(DiscordClusterHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);

		this.simulator.dispatch("MESSAGE_CREATE", 20, null, null).get();
		RedisSessionStore store = all.get(0).getBean(RedisSessionStore.class);
		awaitCheckpointsOfAllShards(store);

		// Crash of c: coordination and checkpoints stop dead (no release, no final checkpoint), then its
		// connections drop. Its leases stay in Redis until they expire.
		ConfigurableApplicationContext c = all.get(2);
		Set<Integer> orphaned = leases(c).ownedShards();
		assertThat(orphaned).hasSize(2);
		int resumesBefore = this.simulator.resumes().size();
		c.getBean(RedisShardCoordination.class).halt();
		c.getBean(SessionCheckpointer.class).close();
		c.close();
		// Nothing was handed over: the dead instance's leases are still in Redis, to expire.
		assertThat(orphaned).allSatisfy((id) -> assertThat(leaseHolder(id)).startsWith("c:"));

		List<ConfigurableApplicationContext> survivors = all.subList(0, 2);
		// A hang guard (expected: one lease TTL plus a claim tick), not a deadline: how the orphans were taken over
		// is asserted below from what was recorded (lease holders, resumes, identifies).
		await().atMost(LEASE_TTL.multipliedBy(6)).until(() -> {
			Set<Integer> connected = new HashSet<>();
			survivors.forEach((s) -> connected.addAll(connectedOwned(s)));
			return connected.containsAll(orphaned);
		});
		assertThat(orphaned).allSatisfy((id) -> assertThat(leaseHolder(id)).doesNotStartWith("c:"));
		awaitEvenSpreadAllConnected(survivors, Duration.ofSeconds(10));

		assertThat(this.simulator.identifies()).as("taken over by resuming, not identifying").hasSize(SHARDS);
		assertThat(resumesSince(resumesBefore)).hasSize(orphaned.size())
			.allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(survivors.stream().mapToLong((s) -> leases(s).resumedClaimCount()).sum())
			.isEqualTo(orphaned.size());
		// the takers' health says each orphan was started from the session the leases had saved
		for (int id : orphaned) {
			ConfigurableApplicationContext taker = survivors.stream()
				.filter((s) -> leases(s).ownedShards().contains(id))
				.findFirst()
				.orElseThrow();
			Map<?, ?> shards = (Map<?, ?>) taker.getBean(DiscordHealthIndicator.class)
				.health(true)
				.getDetails()
				.get("shards");
			assertThat(((Map<?, ?>) shards.get(String.valueOf(id))).get("storedSession"))
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("outcome", "restored")
				.containsKey("age");
		}
		assertIdentifyLimitsKept();
	}

	@Test
	void anInstanceLeftWithoutAShardStandsByReadyAndTakesOneOverWhenAnOwnerCrashes() {
		// three instances, two shards: one instance gets nothing
		List<ConfigurableApplicationContext> all = new ArrayList<>();
		for (String id : List.of("a", "b", "c")) {
			all.add(instance(id, "discord.enabled=false", "discord.gateway.shards.total=2"));
		}
		all.forEach(ConfigurableApplicationContext::start);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> all.stream().filter((c) -> connectedOwned(c).size() == 1).count() == 2
					&& all.stream().anyMatch((c) -> c.getBean(GatewayShards.class).isStandby()));
		ConfigurableApplicationContext standby = all.stream()
			.filter((c) -> leases(c).ownedShards().isEmpty())
			.findFirst()
			.orElseThrow();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> standby.getBean(ApplicationAvailability.class).getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(standby.getBean(DiscordHealthIndicator.class).health()).satisfies((health) -> {
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("standby", true);
		});
		for (ConfigurableApplicationContext owner : all) {
			if (owner != standby) {
				assertThat(owner.getBean(GatewayShards.class).isStandby()).isFalse();
			}
		}

		// an owner crashes: the standby takes its shard over and is no longer standing by
		ConfigurableApplicationContext owner = all.stream().filter((c) -> c != standby).findFirst().orElseThrow();
		Set<Integer> orphaned = leases(owner).ownedShards();
		owner.getBean(RedisShardCoordination.class).halt();
		owner.getBean(SessionCheckpointer.class).close();
		owner.close();
		await().atMost(LEASE_TTL.multipliedBy(6)).until(() -> connectedOwned(standby).equals(orphaned));
		assertThat(standby.getBean(GatewayShards.class).isStandby()).isFalse();
		assertThat(standby.getBean(ApplicationAvailability.class).getReadinessState())
			.isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.simulator.violations()).isEmpty();
	}

	@Test
	void withAConfiguredGatewayUrlTheLeasesShardCountWinsOverTheDiscoveredOne() {
		// shards.total=auto with a configured URL used to take /gateway/bot's count (6) and leave leases for 4 idle
		ConfigurableApplicationContext context = instance("x", "discord.gateway.shards.total=auto",
				"discord.gateway.url=" + this.simulator.gatewayUrl(), "discord.gateway.redis.lease.total-shards=4");
		await().atMost(Duration.ofSeconds(20)).until(() -> connectedOwned(context).size() == 4);
		assertThat(context.getBean(GatewayShards.class).totalShards()).isEqualTo(4);
		assertThat(this.simulator.identifies()).hasSize(4)
			.allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
	}

	@Test
	void gracefulShutdownHandsTheShardsOverWithTheirLatestSessions() throws Exception {
		List<ConfigurableApplicationContext> all = startTogether("a", "b");
		awaitEvenSpreadAllConnected(all, Duration.ofSeconds(20));
		ConfigurableApplicationContext leaving = all.get(1);
		Set<Integer> handedOver = leases(leaving).ownedShards();
		int resumesBefore = this.simulator.resumes().size();

		// Dispatches right before the shutdown: the final checkpoint, not the periodic one, must carry them.
		this.simulator.dispatch("MESSAGE_CREATE", 10, null, null).get();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> handedOver.stream()
				.allMatch((id) -> leaving.getBean(GatewayShards.class)
					.shard(id)
					.flatMap(Shard::session)
					.map(SessionInfo::sequence)
					.orElse(-1L) >= this.simulator.lastSequence(id)));
		Map<Integer, Long> lastBeforeClose = new TreeMap<>();
		handedOver.forEach((id) -> lastBeforeClose.put(id, this.simulator.lastSequence(id)));
		leaving.close();

		// Read right after the close: the survivor may already have resumed (RESUMED moves the sequence on).
		RedisSessionStore store = all.get(0).getBean(RedisSessionStore.class);
		for (int id : handedOver) {
			assertThat(store.load(id).block()).get()
				.satisfies((s) -> assertThat(s.sequence()).isGreaterThanOrEqualTo(lastBeforeClose.get(id)));
		}
		ConfigurableApplicationContext survivor = all.get(0);
		// Released leases are claimed at the survivor's next renewal, not after a TTL.
		await().atMost(LEASE_TTL).until(() -> connectedOwned(survivor).containsAll(handedOver));
		awaitEvenSpreadAllConnected(List.of(survivor), Duration.ofSeconds(10));
		assertThat(this.simulator.identifies()).hasSize(SHARDS);
		assertThat(resumesSince(resumesBefore)).hasSize(handedOver.size())
			.allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(leases(survivor).liveInstances()).containsExactly("a");
		assertIdentifyLimitsKept();
	}

	@Test
	void redisOutageKeepsShardsRunningNeverIdentifiesBlindlyAndShowsInHealthAndMeters() throws Exception {
		try (TcpProxy proxy = new TcpProxy(6379)) {
			List<ConfigurableApplicationContext> all = startTogetherOn(proxy.uri(), "a", "b");
			awaitEvenSpreadAllConnected(all, Duration.ofSeconds(20));
			int identifiesBefore = this.simulator.identifies().size();
			ConfigurableApplicationContext owner0 = all.stream()
				.filter((c) -> leases(c).ownedShards().contains(0))
				.findFirst()
				.orElseThrow();
			MeterRegistry registry = owner0.getBean(MeterRegistry.class);
			assertThat(registry.get(DiscordClusterMetrics.REDIS_AVAILABLE).gauge().value()).isEqualTo(1);
			assertThat(registry.get(DiscordClusterMetrics.OWNED_SHARDS).gauge().value()).isEqualTo(SHARDS / 2);

			proxy.stop();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> all.stream()
					.allMatch((c) -> c.getBean(DiscordClusterHealthIndicator.class)
						.health()
						.getStatus()
						.equals(DiscordHealthIndicator.DEGRADED)));
			assertThat(registry.get(DiscordClusterMetrics.REDIS_AVAILABLE).gauge().value()).isZero();
			// Leases lapse in Redis meanwhile (waited for as recorded there, not for a fixed time), but connected
			// shards keep running (outage policy keep-running).
			await().atMost(LEASE_TTL.multipliedBy(6))
				.until(() -> IntStream.range(0, SHARDS).allMatch((id) -> leaseHolder(id) == null));
			assertThat(all.stream().mapToInt((c) -> connectedOwned(c).size()).sum()).isEqualTo(SHARDS);

			// Shard 0's session dies: its new identify waits for Redis instead of going out blindly.
			this.simulator.invalidate(0, false);
			RedisIdentifyRateLimiter limiter0 = owner0.getBean(RedisIdentifyRateLimiter.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !connectedOwned(owner0).contains(0) && limiter0.deferredByOutageCount() > 0);
			assertThat(this.simulator.identifies()).hasSize(identifiesBefore);

			proxy.start();
			awaitEvenSpreadAllConnected(all, Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> all.stream()
					.allMatch((c) -> c.getBean(DiscordClusterHealthIndicator.class)
						.health()
						.getStatus()
						.equals(Status.UP)));
			assertThat(this.simulator.identifies()).hasSize(identifiesBefore + 1);
			assertThat(all).allSatisfy((c) -> assertThat(leases(c).lostLeaseCount()).isZero());
			assertIdentifyLimitsKept();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Bot {

	}

}
