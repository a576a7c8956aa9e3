package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ShardManagerCustomizer;
import dev.shard.cluster.ClusterRedisClient;
import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.RedisSessionStore;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.cluster.ShardControl;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShutdownMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link DiscordRedisAutoConfiguration}: conditions, properties and, against the real Redis, a lease manager
 * that claims shards through a {@link ShardControl} bean.
 */
class DiscordRedisAutoConfigurationTests {

	private final RedisTestSupport redis = RedisTestSupport.optional();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordCoordinationAutoConfiguration.class,
				DiscordRedisAutoConfiguration.class, DiscordRedisLeaseAutoConfiguration.class,
				DiscordClusterObservabilityAutoConfiguration.class));

	/** The gateway too, not started (no Discord): the shards' manager, handed to the leases. */
	private final ApplicationContextRunner gatewayRunner = this.runner
		.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.redis-secret.xyz");

	@AfterEach
	void cleanUp() {
		this.redis.close();
	}

	@Test
	void runShouldUseTheApplicationsSpringDataRedisConnectionWhenNoUriIsSet() {
		RedisTestSupport.requireRedis();
		this.runner
			.withPropertyValues("discord.gateway.coordination=redis",
					"discord.gateway.redis.key-prefix=" + this.redis.prefix)
			.withBean(DataRedisConnectionDetails.class, () -> standalone("127.0.0.1", 6379, 7))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClusterRedisClient client = context.getBean(ClusterRedisClient.class);
				assertThat(client.describeTarget()).isEqualTo("127.0.0.1:6379/7");
				assertThat(client.execute((c) -> c.ping()).block(Duration.ofSeconds(5))).isEqualTo("PONG");
			});
	}

	@Test
	void runShouldFollowSpringDataRedisProperties() {
		RedisTestSupport.requireRedis();
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("discord.gateway.coordination=redis",
					"discord.gateway.redis.key-prefix=" + this.redis.prefix, "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.database=6")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClusterRedisClient client = context.getBean(ClusterRedisClient.class);
				assertThat(client.describeTarget()).isEqualTo("127.0.0.1:6379/6");
				assertThat(client.execute((c) -> c.ping()).block(Duration.ofSeconds(5))).isEqualTo("PONG");
			});
	}

	@Test
	void runShouldPreferAnExplicitUriToSpringDataRedis() {
		this.runner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.uri=redis://127.0.0.1:6379/2")
			.withBean(DataRedisConnectionDetails.class, () -> standalone("10.0.0.1", 1, 0))
			.run((context) -> assertThat(context.getBean(ClusterRedisClient.class).describeTarget())
				.isEqualTo("127.0.0.1:6379/2"));
	}

	@Test
	void runShouldUseTheDefaultUriWithoutSpringDataRedis() {
		this.runner.withPropertyValues("discord.gateway.coordination=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.data.redis"))
			.run((context) -> assertThat(context.getBean(ClusterRedisClient.class).describeTarget())
				.isEqualTo("127.0.0.1:6379/0"));
	}

	@Test
	void runShouldFailWithAdviceForASpringDataRedisClusterConnection() {
		this.runner.withPropertyValues("discord.gateway.coordination=redis")
			.withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {

				@Override
				public Cluster getCluster() {
					return () -> List.of(new Node("127.0.0.1", 7000));
				}

			})
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("uses Redis Cluster")
					.hasMessageContaining("set discord.gateway.redis.uri");
			});
	}

	private static DataRedisConnectionDetails standalone(String host, int port, int database) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(host, port, database);
			}

		};
	}

	@Test
	void offUnlessCoordinationIsRedis() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ClusterRedisClient.class)
			.doesNotHaveBean(IdentifyRateLimiter.class));
		this.runner.withPropertyValues("discord.gateway.coordination=none")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterRedisClient.class));
	}

	@Test
	void offUnlessCoordinationIsRedisWithTheGatewayToo() {
		this.gatewayRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(GatewayShards.class)
			.doesNotHaveBean(ClusterRedisClient.class)
			.doesNotHaveBean(ShardControl.class)
			.doesNotHaveBean(ShardManagerCustomizer.class)
			.doesNotHaveBean(RedisShardCoordination.class)
			.doesNotHaveBean(DiscordClusterHealthIndicator.class));
	}

	@ParameterizedTest
	@ValueSource(classes = { RedisClient.class, ClusterRedisClient.class })
	void redisWithoutShardClusterOrLettuceFailsStartUpWithAnExplanationInsteadOfRunningUncoordinated(Class<?> hidden) {
		this.gatewayRunner.withPropertyValues("discord.gateway.coordination=redis")
			.withClassLoader(new FilteredClassLoader(hidden))
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).rootCause()
					.isInstanceOf(DiscordCoordinationException.class)
					.hasMessageContaining("dev.shard:shard-cluster");
				FailureAnalysis analysis = new DiscordCoordinationFailureAnalyzer().analyze(failure);
				assertThat(analysis.getDescription()).contains("discord.gateway.coordination=redis");
				assertThat(analysis.getAction()).contains("dev.shard:shard-cluster");
			});
	}

	@Test
	void unknownCoordinationValueFailsStartUp() {
		this.runner.withPropertyValues("discord.gateway.coordination=zookeeper").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(DiscordCoordinationException.class)
				.hasMessageContaining("zookeeper");
		});
		this.runner.withPropertyValues("discord.gateway.coordination=none")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClusterRedisClient.class));
	}

	@Test
	void withTheGatewayTheShardManagerIsHandedToLeases() {
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.shards.total=6", "discord.gateway.redis.lease.ttl=2s",
					"discord.gateway.redis.lease.instance-id=boot-2")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ShardManagerControl.class)
					.hasSingleBean(RedisShardCoordination.class)
					.hasBean("discordLeaseShardManagerCustomizer")
					.hasSingleBean(DiscordClusterHealthIndicator.class);
				assertThat(context.getBean(GatewayShards.class).identifyLimiter())
					.isInstanceOf(RedisIdentifyRateLimiter.class);
				ShardLeaseManager leases = context.getBean(ShardLeaseManager.class);
				assertThat(leases.totalShards()).isEqualTo(6);
				assertThat(leases.fixedShards()).as("ids=all: an even share").isEmpty();
				assertThat(leases.instanceId()).isEqualTo("boot-2");
				assertThat(RedisShardCoordination.PHASE)
					.isGreaterThan(context.getBean("discordGatewayLifecycle", SmartLifecycle.class).getPhase());
				// The gateway is off (discord.enabled=false): its manager never exists, so nothing is claimed.
				assertThat(leases.isRunning()).isFalse();
				assertThat(context.getBean(DiscordClusterHealthIndicator.class).health().getStatus())
					.isEqualTo(Status.UNKNOWN);
			});
	}

	@Test
	void gatewayShardIdsBecomeTheClaimedSetAndLeasesCanBeTurnedOff() {
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.shards.total=8", "discord.gateway.shards.ids=2-4")
			.run((context) -> assertThat(context.getBean(ShardLeaseManager.class).fixedShards()).get()
				.isEqualTo(Set.of(2, 3, 4)));
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.shards.total=8", "discord.gateway.redis.lease.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RedisIdentifyRateLimiter.class)
				.doesNotHaveBean(ShardControl.class)
				.doesNotHaveBean(ShardManagerCustomizer.class)
				.doesNotHaveBean(ShardLeaseManager.class));
	}

	@Test
	void leasesTakeTheRecommendedCountButFixedShardIdsNeedAKnownOne() {
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ShardLeaseManager.class));
		this.gatewayRunner.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.shards.ids=0,1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("discord.gateway.shards.total");
			});
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.shards.total=4",
					"discord.gateway.redis.lease.total-shards=5")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("differs"));
	}

	@Test
	void everyNDispatchesOfAShardTriggerItsCheckpoint() {
		RedisTestSupport.requireRedis();
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.shards.total=8", "discord.gateway.redis.session.checkpoint-every=3",
					"discord.gateway.redis.session.checkpoint-interval=1h")
			.run((context) -> {
				SessionCheckpointer checkpointer = context.getBean(SessionCheckpointer.class);
				RedisSessionStore store = context.getBean(RedisSessionStore.class);
				java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
				checkpointer.track(5, 1, () -> Optional.of(new SessionInfo("s5", "ws://resume", seq.get())));
				java.util.List<Long> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
				ShardSink sink = DiscordRedisLeaseAutoConfiguration.countingForCheckpoints(5,
						(dispatch) -> delivered.add(dispatch.sequence()), checkpointer);
				for (long s = 1; s <= 2; s++) {
					seq.set(s);
					sink.onDispatch(new GatewayDispatch(5, s, "MESSAGE_CREATE", new byte[0], 0));
				}
				assertThat(store.load(5).block()).as("two dispatches: no write yet").isEmpty();
				seq.set(3);
				sink.onDispatch(new GatewayDispatch(5, 3, "MESSAGE_CREATE", new byte[0], 0));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> store.load(5).block().map(SessionInfo::sequence).orElse(0L) == 3);
				assertThat(delivered).containsExactly(1L, 2L, 3L);
			});
	}

	@Test
	void clusterMetersWithARegistry() {
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.shards.total=2")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find(DiscordClusterMetrics.REDIS_AVAILABLE).gauge()).isNotNull();
				assertThat(registry.get(DiscordClusterMetrics.OWNED_SHARDS).gauge().value()).isZero();
				assertThat(registry.get(DiscordClusterMetrics.LEASES).tag("event", "claimed").functionCounter().count())
					.isZero();
				assertThat(registry.get(DiscordClusterMetrics.IDENTIFIES).tag("outcome", "granted").functionCounter())
					.isNotNull();
				assertThat(registry.find(DiscordClusterMetrics.CHECKPOINTS).functionCounters()).hasSize(2);
			});
		this.gatewayRunner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.shards.total=2",
					"discord.metrics.enabled=false")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(DiscordClusterMetrics.class));
	}

	@Test
	void redisLimiterStoreAndCheckpointerWithoutLeasesWhenNoShardControl() {
		this.runner
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.redis.identify.window=1s",
					"discord.gateway.redis.uri=redis://:secret-password@127.0.0.1:6379")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterRedisClient.class)
					.getBean(IdentifyRateLimiter.class)
					.isInstanceOf(RedisIdentifyRateLimiter.class);
				assertThat(context.getBean(RedisIdentifyRateLimiter.class).window()).isEqualTo(Duration.ofSeconds(1));
				assertThat(context).doesNotHaveBean(ShardLeaseManager.class);
				assertThat(context.getBean(ClusterStatus.class).leases()).isEmpty();
				assertThat(context.getBean(DiscordRedisProperties.class).toString()).doesNotContain("secret-password");
			});
	}

	@Test
	void userLimiterWins() {
		this.runner.withPropertyValues("discord.gateway.coordination=redis")
			.withBean(IdentifyRateLimiter.class, () -> (shardId) -> Mono.empty())
			.run((context) -> assertThat(context).doesNotHaveBean(RedisIdentifyRateLimiter.class));
	}

	@Test
	void leaseManagerClaimsConfiguredShardsAndReleasesThemOnClose() {
		RedisTestSupport.requireRedis();
		Recording control = new Recording();
		this.runner.withBean(ShardControl.class, () -> control)
			.withPropertyValues("discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.redis.lease.total-shards=4", "discord.gateway.redis.lease.shards=1,2",
					"discord.gateway.redis.lease.ttl=1200ms", "discord.gateway.redis.lease.renew-interval=250ms",
					"discord.gateway.redis.lease.instance-id=boot-1",
					"discord.gateway.redis.lease.outage-policy=stop-shards")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ShardManagerControl.class);
				ShardLeaseManager manager = context.getBean(ShardLeaseManager.class);
				assertThat(manager.outagePolicy()).isEqualTo(ShardLeaseManager.OutagePolicy.STOP_SHARDS);
				await().atMost(Duration.ofSeconds(10)).until(() -> control.running.keySet().equals(Set.of(1, 2)));
				assertThat(context.getBean(ClusterStatus.class).details()).containsEntry("instanceId", "boot-1")
					.containsEntry("available", true);
			});
		assertThat(control.running).as("stopped with the context").isEmpty();
	}

	static final class Recording implements ShardControl {

		final Map<Integer, Optional<SessionInfo>> running = new ConcurrentHashMap<>();

		@Override
		public Mono<Void> start(int shardId, Optional<SessionInfo> session) {
			return Mono.fromRunnable(() -> this.running.put(shardId, session));
		}

		@Override
		public Mono<Void> stop(int shardId, ShutdownMode mode) {
			return Mono.fromRunnable(() -> this.running.remove(shardId));
		}

	}

}
