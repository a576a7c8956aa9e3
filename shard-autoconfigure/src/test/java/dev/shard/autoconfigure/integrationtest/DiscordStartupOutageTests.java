package dev.shard.autoconfigure.integrationtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, item 1, through the starter: Discord's API refuses connections at start-up, then serves. The application
 * starts anyway; while discovery retries, the {@code discord} health is DOWN with the cause, readiness refuses
 * traffic and {@code /actuator/discord} says why; once the API is back the shards connect in the same application
 * (no restart). Also with {@code coordination=redis}, whose leases wait for the manager to resolve.
 */
@Timeout(180)
@ExtendWith(ThreadDumpOnTimeout.class)
class DiscordStartupOutageTests {

	static final String TOKEN = "MTk4NjIyNDQ3.outage-Secret-Token.Qx3vB";

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	private GatewaySimulator simulator() {
		GatewaySimulator sim = GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofMillis(500))
			.identifyWindow(Duration.ofMillis(100))
			.recommendedShards(2)
			.guilds(6)
			.build()
			.start();
		this.closeables.add(sim);
		return sim;
	}

	private ConfigurableApplicationContext run(WebApplicationType web, GatewaySimulator sim, String... more) {
		List<String> properties = new ArrayList<>(List.of("discord.token=" + TOKEN,
				"discord.api-base-url=" + sim.restBaseUrl(), "discord.discovery.initial-backoff=200ms",
				"discord.discovery.max-backoff=2s", "discord.gateway.identify-window=150ms",
				"discord.gateway.shutdown-timeout=2s", "discord.gateway.reconnect.initial-delay=20ms",
				"discord.gateway.reconnect.max-delay=200ms", "server.port=0",
				"management.endpoints.web.exposure.include=health,discord",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,discord"));
		properties.addAll(List.of(more));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(web)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
		this.closeables.add(context);
		return context;
	}

	/** The case: the API answers nothing for 30 s at start-up. */
	@Test
	void apiRefusingConnectionsFor30sAtStartUpThenServingConnectsAllShardsWithoutRestart() {
		GatewaySimulator sim = simulator();
		sim.refuseConnections(Duration.ofSeconds(30));
		ConfigurableApplicationContext context = run(WebApplicationType.REACTIVE, sim);
		ActuatorHttp http = new ActuatorHttp(context.getEnvironment().getProperty("local.server.port", Integer.class));
		GatewayShards shards = context.getBean(GatewayShards.class);

		// during the outage: DOWN with the cause, readiness refusing, the endpoint saying the same
		await().atMost(Duration.ofSeconds(30)).until(() -> shards.discoveryStatus().attempts() >= 3);
		Map<String, Object> down = http.getJson("/actuator/health/discord", 503);
		assertThat(sim.isRefusingConnections()).as("still refusing when health was read").isTrue();
		assertThat(down).containsEntry("status", "DOWN");
		Map<String, Object> discovery = discovery(details(down));
		assertThat(discovery).containsEntry("state", "retrying").containsKeys("attempts", "nextAttemptIn");
		assertThat((String) discovery.get("lastError")).containsIgnoringCase("refused");
		assertThat(down.toString()).doesNotContain(TOKEN);
		Map<String, Object> readiness = http.getJson("/actuator/health/readiness", 503);
		assertThat(readiness.toString()).contains("readinessState={status=OUT_OF_SERVICE}");
		assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
			.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		Map<String, Object> endpoint = http.getJson("/actuator/discord", 200);
		assertThat(endpoint).containsEntry("totalShards", 0);
		assertThat(discovery(endpoint)).containsEntry("state", "retrying");
		ShardManager manager = shards.manager().orElseThrow();

		// the API is back: the shards connect in this very application
		await().atMost(Duration.ofSeconds(60)).until(() -> !sim.isRefusingConnections());
		await().atMost(Duration.ofSeconds(30)).until(() -> shards.shards().size() == 2
				&& shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
		assertThat(context.isActive()).isTrue();
		assertThat(shards.manager()).containsSame(manager);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> context.getBean(ApplicationAvailability.class).getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		Map<String, Object> up = http.getJson("/actuator/health/discord", 200);
		assertThat(up).containsEntry("status", "UP");
		assertThat(discovery(details(up))).containsEntry("state", "resolved");
		assertThat(http.getJson("/actuator/health/readiness", 200)).containsEntry("status", "UP");
		assertThat(discovery(http.getJson("/actuator/discord", 200))).containsEntry("state", "resolved");
		// nothing was answered during the outage: the first /gateway/bot the API saw came after it
		List<SimulatorLog.RestCall> calls = sim.restCalls().stream()
			.filter((c) -> c.path().endsWith("/gateway/bot"))
			.toList();
		assertThat(calls).extracting(SimulatorLog.RestCall::status).containsExactly(200);
		assertThat(calls.get(0).time()).isAfterOrEqualTo(sim.refusals().get(0).to());
		assertThat(sim.identifies()).hasSize(2);
		assertThat(sim.violations()).isEmpty();
	}

	/** With Redis coordination the leases wait for the manager; they start once discovery answers. */
	@Test
	void withRedisCoordinationTheLeasesStartOnceTheApiServesAgain() {
		RedisTestSupport.requireRedis();
		RedisTestSupport redis = new RedisTestSupport();
		this.closeables.add(redis);
		GatewaySimulator sim = simulator();
		sim.refuseConnections(Duration.ofSeconds(5));
		ConfigurableApplicationContext context = run(WebApplicationType.NONE, sim, "discord.gateway.shards.total=2",
				"discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + redis.prefix,
				"discord.gateway.redis.identify.window=150ms", "discord.gateway.redis.identify.send-margin=100ms",
				"discord.gateway.redis.lease.ttl=1500ms", "discord.gateway.redis.lease.renew-interval=300ms",
				"discord.gateway.redis.lease.instance-id=outage-a");
		GatewayShards shards = context.getBean(GatewayShards.class);
		DiscordHealthIndicator health = context.getBean(DiscordHealthIndicator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> shards.discoveryStatus().attempts() >= 2);
		Health down = health.health(true);
		assertThat(sim.isRefusingConnections()).isTrue();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(discovery(down.getDetails())).containsEntry("state", "retrying");
		assertThat(context.getBean(ShardLeaseManager.class).ownedShards()).isEmpty();

		await().atMost(Duration.ofSeconds(60)).until(() -> shards.shards().size() == 2
				&& shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
		assertThat(context.getBean(ShardLeaseManager.class).ownedShards()).containsExactlyInAnyOrder(0, 1);
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
		assertThat(sim.violations()).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Map<String, Object> health) {
		return (Map<String, Object>) health.get("details");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> discovery(Map<String, Object> details) {
		return (Map<String, Object>) details.get("discovery");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
