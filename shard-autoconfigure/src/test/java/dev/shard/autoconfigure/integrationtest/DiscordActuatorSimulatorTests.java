package dev.shard.autoconfigure.integrationtest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.event.RawDispatchEvent;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, meters and the {@code discord} endpoint of a real application (Netty web server, actuator over HTTP)
 * whose two shards talk to the gateway simulator.
 */
@SpringBootTest(classes = DiscordActuatorSimulatorTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(ThreadDumpOnTimeout.class)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscordActuatorSimulatorTests {

	static final String TOKEN = "MTk4NjIyNDQ3.sim-Secret-Token.Zq9xW";

	static final GatewaySimulator sim = GatewaySimulator.builder()
		.token(TOKEN)
		.heartbeatInterval(Duration.ofMillis(300))
		.identifyWindow(Duration.ofMillis(100))
		.recommendedShards(2)
		.guilds(6)
		.sessionExpiry(Duration.ofSeconds(30))
		.reconnectCloseAfter(Duration.ofSeconds(1))
		.build()
		.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("discord.token", () -> TOKEN);
		registry.add("discord.api-base-url", sim::restBaseUrl);
		registry.add("discord.gateway.url", sim::gatewayUrl);
		registry.add("discord.gateway.shards.total", () -> "2");
		registry.add("discord.gateway.shutdown-timeout", () -> "2s");
		registry.add("discord.gateway.reconnect.initial-delay", () -> "20ms");
		registry.add("discord.gateway.reconnect.max-delay", () -> "200ms");
		// Long enough to see the shard between sessions after op 9.
		registry.add("discord.gateway.invalid-session-delay-min", () -> "1500ms");
		registry.add("discord.gateway.invalid-session-delay-max", () -> "1500ms");
		registry.add("management.endpoints.web.exposure.include", () -> "health,discord,env,configprops,metrics");
		registry.add("management.endpoint.discord.access", () -> "unrestricted");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("management.endpoint.health.probes.enabled", () -> "true");
		registry.add("management.endpoint.health.group.readiness.include", () -> "readinessState,discord");
		registry.add("management.endpoint.env.show-values", () -> "always");
		registry.add("management.endpoint.configprops.show-values", () -> "always");
	}

	@AfterAll
	static void stopSimulator() {
		sim.close();
	}

	ActuatorHttp http;

	@LocalServerPort
	int port;

	@BeforeEach
	void httpClient() {
		this.http = new ActuatorHttp(this.port);
	}

	@Autowired
	GatewayShards shards;

	@Autowired
	DiscordHealthIndicator health;

	@Autowired
	MeterRegistry registry;

	@Autowired
	SwitchableIdentifyLimiter limiter;

	@Autowired
	RawListener listener;

	@BeforeEach
	void allConnected() {
		this.limiter.exhausted.set(false);
		sim.zombie(false);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.shards.shards().size() == 2
				&& this.shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
	}

	@Test
	@Order(1)
	void healthIsUpAfterConnectWithDetailsPerShard() {
		Health health = this.health.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("total", 2).containsEntry("connected", 2);
		Map<String, Object> body = this.http.getJson("/actuator/health/discord", 200);
		assertThat(body).containsEntry("status", "UP");
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> perShard = (Map<String, Map<String, Object>>) ((Map<String, Object>) body
			.get("details")).get("shards");
		assertThat(perShard).containsOnlyKeys("0", "1");
		assertThat(perShard.get("0")).containsEntry("state", "CONNECTED")
			.containsKeys("sequence", "sessionAge", "reconnects", "bufferedEvents");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.shards.shards().stream()
			.allMatch((s) -> s.latency().isPresent()));
		assertThat(this.http.getJson("/actuator/health/discord", 200).toString()).contains("latencyMs");
		// The readiness group includes it; the root aggregates it.
		assertThat(this.http.getJson("/actuator/health/readiness", 200).toString()).contains("discord");
		assertThat(this.http.getJson("/actuator/health", 200)).containsEntry("status", "UP");
	}

	@Test
	@Order(2)
	void metricsCountExactlyWhatTheSimulatorDispatched() {
		// Nothing but the connect happened yet: every sequence number the simulator used is one dispatch counted.
		for (int shardId = 0; shardId < 2; shardId++) {
			int id = shardId;
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(eventsOfShard(id)).isEqualTo(sim.lastSequence(id)));
		}
		Map<String, Long> simBefore = sim.dispatchedCounts();
		Map<String, Double> oursBefore = eventsByType();
		double lagBefore = lagCount();
		long delivered = this.listener.count.get();

		sim.dispatch("MESSAGE_CREATE", 300, null, null).join();
		sim.dispatch("TYPING_START", 40, 1, 500.0).join();
		sim.dispatchUnknownType(0);
		sim.dispatchUnknownType(0);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Double> ours = eventsByType();
			Map<String, Long> simNow = sim.dispatchedCounts();
			assertThat(delta(ours, oursBefore, "MESSAGE_CREATE"))
				.isEqualTo(simNow.get("MESSAGE_CREATE") - simBefore.getOrDefault("MESSAGE_CREATE", 0L))
				.isEqualTo(600);
			assertThat(delta(ours, oursBefore, "TYPING_START")).isEqualTo(40);
			assertThat(delta(ours, oursBefore, "unknown")).isEqualTo(2);
			// Every dispatch was delivered (a raw listener exists), and each delivery recorded its lag.
			assertThat(this.listener.count.get() - delivered).isEqualTo(642);
			assertThat(lagCount() - lagBefore).isEqualTo(642);
		});
		assertThat(counter("discord.gateway.events", "shard", "0", "type", "TYPING_START")).isZero();
		assertThat(counter("discord.gateway.events", "shard", "1", "type", "TYPING_START")).isEqualTo(40);
		// Totals by type equal the simulator's record (READY, GUILD_CREATE, ... included).
		Map<String, Double> ours = eventsByType();
		sim.dispatchedCounts().forEach((type, count) -> {
			if (!type.equals("GUILD_JOIN_REQUEST_UPDATE")) {
				assertThat(ours.get(type)).as(type).isEqualTo(count.doubleValue());
			}
		});
		for (int shardId = 0; shardId < 2; shardId++) {
			assertThat(eventsOfShard(shardId)).isEqualTo(sim.lastSequence(shardId));
		}
		// Traffic, commands and latency.
		assertThat(counter("discord.gateway.bytes", "shard", "0", "direction", "in", "kind", "inflated"))
			.isGreaterThan(counter("discord.gateway.bytes", "shard", "0", "direction", "in", "kind", "compressed"))
			.isPositive();
		assertThat(counter("discord.gateway.commands", "shard", "0", "op", "2")).isEqualTo(1);
		assertThat(counter("discord.gateway.identifies", "shard", "0")).isEqualTo(1);
		assertThat(counter("discord.gateway.resumes", "shard", "0")).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> counter("discord.gateway.commands", "shard", "1", "op",
				"1") > 0 && this.registry.get("discord.gateway.latency").tag("shard", "1").timer().count() > 0);
		assertThat(this.registry.get("discord.gateway.commands.wait").tag("shard", "1").timer().count())
			.isPositive();
		assertThat(this.registry.get("discord.gateway.shards").tag("state", "connected").gauge().value())
			.isEqualTo(2);
		assertThat(this.registry.get("discord.gateway.dispatch.queue").tag("shard", "0").gauge().value()).isZero();
	}

	@Test
	@Order(3)
	void healthDegradesWhileAShardReconnectsAndRecovers() {
		double before = counter("discord.gateway.reconnects", "shard", "0", "cause", "invalid_session");
		// Op 9 (not resumable): the shard waits 1.5 s before it identifies again.
		sim.invalidate(0, false);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> this.health.health(true).getStatus().equals(DiscordHealthIndicator.DEGRADED));
		// A threshold of one reconnecting shard keeps it UP.
		assertThat(new DiscordHealthIndicator(this.shards, 1).health().getStatus()).isEqualTo(Status.UP);
		Map<String, Object> body = this.http.getJson("/actuator/health/discord", 200);
		assertThat(body).containsEntry("status", "DEGRADED");
		assertThat(body.toString()).contains("reconnecting=1");
		assertThat(this.http.getJson("/actuator/health", 200)).containsEntry("status", "DEGRADED");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.health.health(true).getStatus().equals(Status.UP));
		assertThat(counter("discord.gateway.reconnects", "shard", "0", "cause", "invalid_session"))
			.isEqualTo(before + 1);
		assertThat(this.http.getJson("/actuator/health/discord", 200)).containsEntry("status", "UP");
	}

	@Test
	@Order(4)
	void healthIsDownWhenTheSessionStartBudgetIsExhausted() {
		this.limiter.exhausted.set(true);
		Map<String, Object> body = this.http.getJson("/actuator/health/discord", 503);
		assertThat(body).containsEntry("status", "DOWN");
		assertThat(body.toString()).contains("sessionStartLimitExhausted=true");
		this.limiter.exhausted.set(false);
		assertThat(this.http.getJson("/actuator/health/discord", 200)).containsEntry("status", "UP");
	}

	@Test
	@Order(5)
	void reconnectsAreTaggedWithTheirCause() {
		int resumesBefore = sim.resumes().size();
		double resumes0 = counter("discord.gateway.resumes", "shard", "0");
		double resumes1 = counter("discord.gateway.resumes", "shard", "1");
		double identifies0 = counter("discord.gateway.identifies", "shard", "0");
		// Op 7
		double requested = counter("discord.gateway.reconnects", "shard", "0", "cause", "reconnect_requested");
		sim.reconnect(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> counter("discord.gateway.reconnects", "shard", "0",
				"cause", "reconnect_requested") == requested + 1
				&& counter("discord.gateway.resumes", "shard", "0") == resumes0 + 1);
		allConnected();
		// TCP drop
		double transport = counter("discord.gateway.reconnects", "shard", "1", "cause", "transport");
		sim.drop(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> counter("discord.gateway.reconnects", "shard", "1",
				"cause", "transport") == transport + 1 && counter("discord.gateway.resumes", "shard", "1") == resumes1 + 1);
		allConnected();
		// The simulator saw exactly the resumes counted.
		assertThat(sim.resumes().size() - resumesBefore).isEqualTo(2);
		// Zombie: no heartbeat ACK
		double zombie0 = counter("discord.gateway.reconnects", "shard", "0", "cause", "zombie");
		double zombie1 = counter("discord.gateway.reconnects", "shard", "1", "cause", "zombie");
		sim.zombie(true);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> counter("discord.gateway.reconnects", "shard", "0", "cause", "zombie") > zombie0
					&& counter("discord.gateway.reconnects", "shard", "1", "cause", "zombie") > zombie1);
		sim.zombie(false);
		allConnected();
		assertThat(counter("discord.gateway.identifies", "shard", "0")).isEqualTo(identifies0);
		assertThat(counter("discord.gateway.reconnects", "shard", "0", "cause", "transport")).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.health.health(true).getStatus().equals(Status.UP));
	}

	@Test
	@Order(6)
	void endpointListsShardsAndRestartsOne() {
		Map<String, Object> all = this.http.getJson("/actuator/discord", 200);
		assertThat(all).containsEntry("totalShards", 2);
		assertThat(all.toString()).contains("id=0").contains("id=1").contains("state=CONNECTED");
		Map<String, Object> one = this.http.getJson("/actuator/discord/1", 200);
		assertThat(one).containsEntry("id", 1).containsEntry("state", "CONNECTED");
		this.http.client().get().uri("/actuator/discord/7").exchange().expectStatus().isNotFound();

		Shard old = this.shards.shard(1).orElseThrow();
		int identifyCount = sim.identifies().size();
		Map<String, Object> result = this.http.postJson("/actuator/discord/1/restart", 200);
		assertThat(result).containsEntry("shardId", 1).containsEntry("action", "restart");
		Shard fresh = this.shards.shard(1).orElseThrow();
		assertThat(fresh).isNotSameAs(old);
		assertThat(old.state()).isEqualTo(ShardState.SHUT_DOWN);
		await().atMost(Duration.ofSeconds(10)).until(() -> fresh.state() == ShardState.CONNECTED);
		// A new session: one more IDENTIFY at the simulator.
		assertThat(sim.identifies()).hasSize(identifyCount + 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.health.health(true).getStatus().equals(Status.UP));

		double requested = counter("discord.gateway.reconnects", "shard", "0", "cause", "requested");
		int resumes = sim.resumes().size();
		assertThat(this.http.postJson("/actuator/discord/0/reconnect", 200)).containsEntry("action", "reconnect");
		await().atMost(Duration.ofSeconds(10)).until(() -> counter("discord.gateway.reconnects", "shard", "0",
				"cause", "requested") == requested + 1 && sim.resumes().size() == resumes + 1);
		this.http.client().post().uri("/actuator/discord/0/explode").exchange().expectStatus().isBadRequest();
		this.http.client().post().uri("/actuator/discord/9/restart").exchange().expectStatus().isBadRequest();
	}

	@Test
	@Order(7)
	void tokenNeverAppearsInActuatorOutput() {
		String bare = TOKEN;
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/health",
				"/actuator/health/discord", "/actuator/health/readiness", "/actuator/discord", "/actuator/discord/0",
				"/actuator/env/discord.token", "/actuator/metrics/discord.gateway.events")) {
			String body = this.http.getOkText(path);
			assertThat(body).as(path).isNotEmpty().doesNotContain(bare).doesNotContain("sim-Secret-Token");
		}
		// The test can fail: values are shown, only the token is masked.
		String env = this.http.getOkText("/actuator/env");
		assertThat(env).contains(sim.gatewayUrl()).contains("discord.token");
		assertThat(this.http.getOkText("/actuator/configprops")).contains("discord");
	}




	private double counter(String name, String... tags) {
		Counter counter = this.registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Map<String, Double> eventsByType() {
		Map<String, Double> out = new HashMap<>();
		for (Counter c : Search.in(this.registry).name("discord.gateway.events").counters()) {
			out.merge(c.getId().getTag("type"), c.count(), Double::sum);
		}
		return out;
	}

	private double eventsOfShard(int shardId) {
		return Search.in(this.registry).name("discord.gateway.events").tag("shard", String.valueOf(shardId))
			.counters().stream().mapToDouble(Counter::count).sum();
	}

	private double lagCount() {
		return Search.in(this.registry).name("discord.gateway.dispatch.lag").timers().stream()
			.mapToDouble((t) -> t.count()).sum();
	}

	private static double delta(Map<String, Double> now, Map<String, Double> before, String type) {
		return now.getOrDefault(type, 0.0) - before.getOrDefault(type, 0.0);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		SwitchableIdentifyLimiter identifyLimiter() {
			return new SwitchableIdentifyLimiter(Duration.ofMillis(150));
		}

		@Bean
		RawListener rawListener() {
			return new RawListener();
		}

	}

	/** Listens to every dispatch (raw), so every dispatch is delivered and its lag recorded. */
	static class RawListener {

		final AtomicLong count = new AtomicLong();

		@EventListener
		void onDispatch(GatewayDispatch dispatch) {
			this.count.incrementAndGet();
		}

		@EventListener
		void onRaw(RawDispatchEvent event) {
			this.count.incrementAndGet();
		}

	}

}
