package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.endpoint.DiscordEndpoint;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.cluster.RedisSessionStore;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.cluster.ShardLayout;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.ReshardEvent;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.GuildMessageLog;
import dev.shard.test.simulator.LayoutHandOver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Re-sharding across instances that share their shards by Redis leases: two Spring Boot applications (full
 * auto-configuration) run two shards, one each, while a steady stream of messages over many guilds flows; the shared
 * layout moves to four shards (by the actuator endpoint, or by a close with 4011) and each instance re-shards the
 * shards it owns into their children. Every message reaches the listeners of the two instances once, the old
 * sessions are closed with 1000 after the new ones connected, and the old generation's leases and checkpoints are
 * gone.
 */
@Timeout(180)
class RedisReshardIntegrationTests {

	private static final int GUILDS = 16;

	private static final Duration LEASE_TTL = Duration.ofMillis(1500);

	/** The listeners of both instances write here: each message must arrive once across both. */
	private static volatile GuildMessageLog messages = new GuildMessageLog();

	private RedisTestSupport redis;

	private GatewaySimulator simulator;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeEach
	void setUp() {
		messages = new GuildMessageLog();
		this.redis = new RedisTestSupport();
		this.simulator = GatewaySimulator.builder()
			.token("reshard-cluster-token")
			.heartbeatInterval(Duration.ofSeconds(2))
			.identifyWindow(Duration.ofMillis(50))
			.maxConcurrency(2)
			.recommendedShards(2)
			.guilds(GUILDS)
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
		List<String> properties = new ArrayList<>(List.of("discord.token=reshard-cluster-token",
				"discord.api-base-url=" + this.simulator.restBaseUrl(), "discord.gateway.shards.total=2",
				"discord.gateway.intents=GUILDS,GUILD_MESSAGES", "discord.gateway.shutdown-timeout=5s",
				"discord.gateway.identify-window=100ms", "discord.gateway.reconnect.initial-delay=50ms",
				"discord.gateway.reconnect.max-delay=500ms", "discord.gateway.coordination=redis",
				"discord.gateway.redis.uri=" + RedisTestSupport.URI,
				"discord.gateway.redis.key-prefix=" + this.redis.prefix, "discord.gateway.redis.command-timeout=500ms",
				"discord.gateway.redis.identify.window=100ms", "discord.gateway.redis.identify.send-margin=20ms",
				"discord.gateway.redis.session.checkpoint-interval=150ms",
				"discord.gateway.redis.lease.ttl=" + LEASE_TTL.toMillis() + "ms",
				"discord.gateway.redis.lease.renew-interval=300ms", "discord.gateway.redis.lease.instance-id=" + id,
				"management.endpoint.discord.access=unrestricted",
				"management.endpoints.web.exposure.include=discord", "management.endpoint.health.show-details=always"));
		properties.addAll(List.of(more));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Bot.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	/** Both instances refreshed without connecting, then started at once, as in a deployment. */
	private List<ConfigurableApplicationContext> startTwo() {
		List<ConfigurableApplicationContext> created = List.of(instance("a", "discord.enabled=false"),
				instance("b", "discord.enabled=false"));
		created.forEach(ConfigurableApplicationContext::start);
		awaitLayout(created, 2, 0);
		return created;
	}

	private static ShardLeaseManager leases(ConfigurableApplicationContext context) {
		return context.getBean(ShardLeaseManager.class);
	}

	/** Every instance runs the layout, its shards connected, the shards split evenly and each run once. */
	private void awaitLayout(List<ConfigurableApplicationContext> instances, int total, int generation) {
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			Set<Integer> connected = new HashSet<>();
			for (ConfigurableApplicationContext context : instances) {
				ShardLeaseManager leases = leases(context);
				GatewayShards shards = context.getBean(GatewayShards.class);
				if (!leases.layout().equals(layout(total, generation)) || leases.isResharding()
						|| shards.totalShards() != total || leases.ownedShards().size() != total / instances.size()
						|| !shards.shards().stream().map(Shard::shardId).collect(Collectors.toSet())
							.equals(leases.ownedShards())) {
					return false;
				}
				for (Shard shard : shards.shards()) {
					if (shard.state() != ShardState.CONNECTED || !connected.add(shard.shardId())) {
						return false;
					}
				}
			}
			return connected.size() == total
					&& this.simulator.connectedLayouts().equals(Map.of(total, rangeList(total)));
		});
	}

	private static ShardLayout layout(int total, int generation) {
		return new ShardLayout(total, generation, (generation == 0) ? total : total / 2);
	}

	private static List<Integer> rangeList(int total) {
		List<Integer> ids = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			ids.add(i);
		}
		return ids;
	}

	@Test
	void theEndpointMovesBothInstancesToFourShardsWhileStreamingAndEachMessageArrivesOnce() throws Exception {
		List<ConfigurableApplicationContext> instances = startTwo();
		CompletableFuture<Long> stream = this.simulator.streamGuildMessages(2000, 300);
		await().atMost(Duration.ofSeconds(10)).until(() -> messages.delivered() >= 200);

		DiscordEndpoint endpoint = instances.get(0).getBean(DiscordEndpoint.class);
		assertThatThrownBy(() -> endpoint.reshard("reshard", 3)).isInstanceOf(InvalidEndpointRequestException.class)
			.hasMessageContaining("multiple of 2");
		assertThat(endpoint.reshard("reshard", 4)).isEqualTo(new DiscordEndpoint.ReshardResult(2, 4, "started"));
		awaitLayout(instances, 4, 1);

		assertThat(stream.get(60, TimeUnit.SECONDS)).isEqualTo(2000);
		await().atMost(Duration.ofSeconds(20)).until(() -> messages.delivered() >= 2000);
		assertThat(messages.guilds()).hasSize(GUILDS);
		assertThat(messages.problems()).as("each message once, in order per guild").isEmpty();
		assertThat(messages.delivered()).isEqualTo(2000);

		// each instance re-sharded its own shard into that shard's children
		for (ConfigurableApplicationContext context : instances) {
			Set<Integer> owned = leases(context).ownedShards();
			assertThat(owned).hasSize(2);
			assertThat(owned.stream().map((id) -> id % 2).collect(Collectors.toSet())).hasSize(1);
			Recorder recorder = context.getBean(Recorder.class);
			assertThat(recorder.reshards).first().isInstanceOf(ReshardEvent.Started.class);
			assertThat(recorder.reshards).last().isInstanceOf(ReshardEvent.Switched.class);
			assertThat(context.getBean(DiscordHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		}
		assertThat(LayoutHandOver.problems(this.simulator, 2, 4)).isEmpty();
		assertThat(this.simulator.violations()).as("identifies within the buckets").isEmpty();
		assertThat(this.simulator.identifies()).hasSize(6)
			.allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
		assertOldGenerationForgottenAndNewOneCheckpointed(instances.get(0));
	}

	@Test
	void anInstanceStartedAfterTheReshardJoinsTheNewLayoutAndResumesWhatIsHandedToIt() {
		List<ConfigurableApplicationContext> instances = new ArrayList<>(startTwo());
		leases(instances.get(1)).requestReshard(4, "test").block(Duration.ofSeconds(5));
		awaitLayout(instances, 4, 1);
		RedisSessionStore store = instances.get(0).getBean(RedisSessionStore.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> checkpointed(store, 4));
		int identifies = this.simulator.identifies().size();
		int resumes = this.simulator.resumes().size();

		// configured with the old count: it takes the instances' layout and an even share of it
		ConfigurableApplicationContext c = instance("c");
		instances.add(c);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			int owned = 0;
			for (ConfigurableApplicationContext context : instances) {
				owned += leases(context).ownedShards().size();
			}
			return owned == 4 && !leases(c).ownedShards().isEmpty()
					&& instances.stream().allMatch((i) -> i.getBean(GatewayShards.class).shards().stream()
						.allMatch((s) -> s.state() == ShardState.CONNECTED))
					&& this.simulator.connectedLayouts().equals(Map.of(4, rangeList(4)));
		});
		assertThat(leases(c).layout()).isEqualTo(layout(4, 1));
		assertThat(c.getBean(GatewayShards.class).totalShards()).isEqualTo(4);
		assertThat(this.simulator.identifies()).as("handed over by resuming, not identifying").hasSize(identifies);
		assertThat(this.simulator.resumes().size()).isGreaterThan(resumes);
	}

	@Test
	void withTheRecommendedCountAGrownRecommendationMovesBothInstances() {
		List<ConfigurableApplicationContext> instances = List.of(
				instance("a", "discord.enabled=false", "discord.gateway.shards.total=auto",
						"discord.gateway.resharding.check-interval=200ms"),
				instance("b", "discord.enabled=false", "discord.gateway.shards.total=auto",
						"discord.gateway.resharding.check-interval=200ms"));
		instances.forEach(ConfigurableApplicationContext::start);
		awaitLayout(instances, 2, 0);
		this.simulator.recommendedShards(4);
		awaitLayout(instances, 4, 1);
		assertThat(instances.get(0).getBean(Recorder.class).reshards).first()
			.isEqualTo(new ReshardEvent.Started(2, 4, "the instances' shard layout moved on"));
		assertThat(LayoutHandOver.problems(this.simulator, 2, 4)).isEmpty();
	}

	@Test
	void aCloseWith4011MovesBothInstancesToMoreShards() {
		List<ConfigurableApplicationContext> instances = startTwo();
		this.simulator.recommendedShards(4);
		assertThat(this.simulator.closeLayout(2, 4011)).isEqualTo(2);
		awaitLayout(instances, 4, 1);
		for (ConfigurableApplicationContext context : instances) {
			Recorder recorder = context.getBean(Recorder.class);
			assertThat(recorder.reshards).last().isInstanceOf(ReshardEvent.Switched.class);
			assertThat(context.getBean(DiscordHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			assertThat(context.getBean(DiscordClusterHealthIndicator.class).health().getDetails())
				.containsEntry("layout", Map.of("totalShards", 4, "generation", 1))
				.doesNotContainKey("reshardingTo");
		}
		// after the switch the new layout delivers every guild's messages
		this.simulator.streamGuildMessages(200, 500).join();
		await().atMost(Duration.ofSeconds(20)).until(() -> messages.delivered() >= 200);
		assertThat(messages.problems()).isEmpty();
		assertThat(messages.guilds()).hasSize(GUILDS);
		assertThat(this.simulator.violations()).isEmpty();
	}

	private void assertOldGenerationForgottenAndNewOneCheckpointed(ConfigurableApplicationContext context) {
		String prefix = this.redis.prefix;
		assertThat(this.redis.admin().hgetall(prefix + ":layout")).containsEntry("total", "4")
			.containsEntry("generation", "1")
			.containsEntry("previous_total", "2");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (int id = 0; id < 2; id++) {
				assertThat(this.redis.admin().exists(prefix + ":lease:" + id, prefix + ":session:" + id))
					.as("old lease and checkpoint of shard %d", id)
					.isZero();
			}
		});
		for (int id = 0; id < 4; id++) {
			assertThat(this.redis.admin().get(prefix + ":g1:lease:" + id)).isNotNull();
		}
		RedisSessionStore store = context.getBean(RedisSessionStore.class);
		assertThat(store.generation()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> checkpointed(store, 4));
	}

	private static boolean checkpointed(RedisSessionStore store, int total) {
		for (int id = 0; id < total; id++) {
			SessionInfo saved = store.load(id).block().orElse(null);
			if (saved == null || saved.shardCount() == null || saved.shardCount() != total) {
				return false;
			}
		}
		return true;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Bot {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final List<ReshardEvent> reshards = new CopyOnWriteArrayList<>();

		@EventListener
		void on(MessageCreateEvent event) {
			messages.record(event.message().content());
		}

		@EventListener
		void on(ReshardEvent event) {
			this.reshards.add(event);
		}

	}

}
