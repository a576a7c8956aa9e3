package dev.shard.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardInternals;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.ShutdownMode;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up, readiness and shutdown of whole applications (run like {@code main} does, so that Spring Boot's own
 * readiness announcement happens too).
 */
class DiscordGatewayLifecycleTests {

	static final GatewaySimulator simulator = GatewaySimulator.builder()
		.token("lifecycle-token.abc")
		.heartbeatInterval(Duration.ofMillis(500))
		.identifyWindow(Duration.ofMillis(50))
		.guilds(1)
		.recommendedShards(2)
		.build()
		.start();

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@Test
	@Timeout(60) // a hang guard: a start-up that waited for this gateway would never end
	void startupDoesNotWaitForTheGatewayAndReadinessRefusesTrafficUntilConnected() throws IOException {
		String unreachable = "ws://127.0.0.1:" + freePort() + "/";
		try (ConfigurableApplicationContext context = app("discord.token=abc.def", "discord.gateway.url=" + unreachable,
				"discord.gateway.shards.total=1")) {
			// The context is up while its shard, which can never connect, is still trying: start-up did not wait
			// for the gateway (judged by state, not by how long start-up took on this machine).
			GatewayShards shards = context.getBean(GatewayShards.class);
			assertThat(shards.shards()).hasSize(1);
			assertThat(shards.shards().get(0).state()).isNotIn(ShardState.CONNECTED, ShardState.FATALLY_CLOSED,
					ShardState.SHUT_DOWN);
			// Boot announced ACCEPTING_TRAFFIC at the end of run(); the shard is not connected, so it is refused
			assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
				.isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			assertThat(context.getBean(DiscordGatewayLifecycle.class).isShardsReady()).isFalse();
		}
	}

	@Test
	void readinessCanBeSwitchedOff() throws IOException {
		String unreachable = "ws://127.0.0.1:" + freePort() + "/";
		try (ConfigurableApplicationContext context = app("discord.token=abc.def", "discord.gateway.url=" + unreachable,
				"discord.gateway.shards.total=1", "discord.gateway.readiness=false")) {
			assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
				.isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	@Test
	void contextCloseStopsTheShardResumablyWhenAsked() {
		SessionInfo session;
		ShardConfig config;
		try (ConfigurableApplicationContext context = simulatorApp("discord.gateway.shutdown=resumable")) {
			Shard shard = awaitConnected(context);
			assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
				.isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
			config = ShardInternals.config(shard);
			context.close();
			assertThat(shard.state()).isEqualTo(ShardState.SHUT_DOWN);
			session = shard.session().orElseThrow();
		}
		SimulatorLog.Connection connection = lastConnectionOf(session.sessionId());
		await().atMost(Duration.ofSeconds(5)).until(() -> lastConnectionOf(session.sessionId()).close() != null);
		SimulatorLog.Close close = lastConnectionOf(session.sessionId()).close();
		assertThat(close.by()).isEqualTo("client");
		assertThat(close.code()).isNotNull().isNotEqualTo(1000);
		assertThat(connection.identify()).isNotNull();
		// the session survived: a new process resumes it instead of identifying
		int identifies = simulator.identifies().size();
		Shard next = new Shard(0, 1, config).resumeFrom(session);
		Disposable run = next.run((dispatch) -> {
		}).subscribe();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> simulator.resumes()
					.stream()
					.anyMatch((r) -> r.sessionId().equals(session.sessionId()) && "RESUMED".equals(r.outcome())));
			assertThat(simulator.identifies()).hasSize(identifies);
		}
		finally {
			next.shutdown(ShutdownMode.FINAL).block(Duration.ofSeconds(5));
			run.dispose();
		}
	}

	@Test
	void withoutASessionStoreTheShutdownEndsTheSession() {
		String sessionId;
		// nothing would resume a kept session: the default is final, so the bot goes offline at once
		try (ConfigurableApplicationContext context = simulatorApp()) {
			Shard shard = awaitConnected(context);
			sessionId = shard.session().orElseThrow().sessionId();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> lastConnectionOf(sessionId).close() != null);
		assertThat(lastConnectionOf(sessionId).close().code()).isEqualTo(1000);
	}

	@Test
	void gatewayUrlAndShardCountAreDiscoveredWhenNotConfigured() {
		try (ConfigurableApplicationContext context = app("discord.token=" + simulator.token(),
				"discord.api-base-url=" + simulator.restBaseUrl(), "discord.gateway.intents=GUILDS",
				"discord.gateway.identify-window=50ms")) {
			GatewayShards shards = context.getBean(GatewayShards.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> shards.shards().size() == 2
						&& shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
			assertThat(shards.totalShards()).isEqualTo(2);
			assertThat(simulator.restCalls()).anyMatch((call) -> call.path().startsWith("/api/v10/gateway/bot")
					&& call.status() == 200 && call.authorized());
			assertThat(ShardInternals.config(shards.shards().get(0)).gatewayUrl().toString())
				.startsWith("ws://127.0.0.1:" + simulator.port());
		}
	}

	private static Shard awaitConnected(ConfigurableApplicationContext context) {
		GatewayShards shards = context.getBean(GatewayShards.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !shards.shards().isEmpty() && shards.shards().get(0).state() == ShardState.CONNECTED);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> context.getBean(ApplicationAvailability.class)
				.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		return shards.shards().get(0);
	}

	private static SimulatorLog.Connection lastConnectionOf(String sessionId) {
		List<SimulatorLog.Connection> connections = simulator.connections()
			.stream()
			.filter((c) -> sessionId.equals(c.sessionId()))
			.toList();
		return connections.get(connections.size() - 1);
	}

	private static ConfigurableApplicationContext simulatorApp(String... more) {
		String[] base = { "discord.token=" + simulator.token(), "discord.api-base-url=" + simulator.restBaseUrl(),
				"discord.gateway.url=" + simulator.gatewayUrl(), "discord.gateway.shards.total=1",
				"discord.gateway.intents=GUILDS" };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return app(all);
	}

	private static ConfigurableApplicationContext app(String... properties) {
		String[] args = new String[properties.length];
		for (int i = 0; i < properties.length; i++) {
			args[i] = "--" + properties[i];
		}
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(args);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DiscordAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class })
	static class App {

	}

}
