package dev.shard.sample;

import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.sample.simulator.ScriptedConversation;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample started as a newcomer would, without a token: it must run on the embedded simulator, answer the
 * scripted {@code /ping} and its button over the gateway without asking for MESSAGE_CONTENT, resume after op 7, and
 * expose health and metrics over HTTP.
 */
class EmbeddedSimulatorTests {

	private static ConfigurableApplicationContext context;

	private static GatewaySimulator simulator;

	@BeforeAll
	static void start() {
		// discord.token is set blank so that a DISCORD_TOKEN in the environment cannot switch the test to Discord.
		context = new SpringApplicationBuilder(SampleBotApplication.class).run("--discord.token=", "--server.port=0",
				"--sample.simulator.heartbeat-interval=500ms", "--discord.gateway.reconnect.initial-delay=50ms");
		simulator = context.getBean(GatewaySimulator.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void startsOnTheSimulatorAndConnects() {
		Shard shard = context.getBean(GatewayShards.class).shards().get(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
		assertThat(simulator.identifies()).singleElement().satisfies((identify) -> {
			assertThat(identify.outcome()).isEqualTo("READY");
			// presence from discord.gateway.presence.* in application.yml
			assertThat(identify.payload()).contains("\"status\":\"online\"").contains("for /ping");
			// slash-first: no privileged MESSAGE_CONTENT (1 << 15), and no message intents at all
			assertThat(identify.intents() & (1L << 15)).isZero();
			assertThat(identify.intents() & (1L << 9)).as("GUILD_MESSAGES").isZero();
		});
	}

	@Test
	void answersTheScriptedSlashCommandAndItsButtonThroughTheCallbackRoute() {
		await().atMost(Duration.ofSeconds(10)).until(() -> simulator.interactionCallbacks().size() >= 2);
		List<SimulatorLog.InteractionCallback> answers = simulator.interactionCallbacks();
		assertThat(answers.get(0)).satisfies((callback) -> {
			assertThat(callback.type()).isEqualTo(4);
			assertThat(callback.via()).isEqualTo("callback");
			assertThat(callback.accepted()).isTrue();
			assertThat(callback.body()).contains("\"content\":\"pong\"").contains("\"custom_id\":\"ping-again\"");
		});
		assertThat(answers.get(1)).satisfies((callback) -> {
			assertThat(callback.type()).isEqualTo(7);
			assertThat(callback.accepted()).isTrue();
			assertThat(callback.body()).contains("pong again");
		});
		assertThat(simulator.sentMessages()).isEmpty();
	}

	@Test
	void resumesAfterTheScriptedReconnect() {
		ScriptedConversation script = context.getBean(ScriptedConversation.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> script.step() == 4);
		assertThat(simulator.resumes()).singleElement().satisfies((resume) -> {
			assertThat(resume.outcome()).isEqualTo("RESUMED");
			assertThat(resume.resumeUrl()).isTrue();
		});
		assertThat(simulator.identifies()).hasSize(1);
		assertThat(simulator.violations()).isEmpty();
		Shard shard = context.getBean(GatewayShards.class).shards().get(0);
		await().atMost(Duration.ofSeconds(5)).until(() -> shard.state() == ShardState.CONNECTED);
	}

	@Test
	void answersASlashCommandSentThroughTheSimulatorRoute() {
		ScriptedConversation script = context.getBean(ScriptedConversation.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> script.step() == 4);
		int before = simulator.interactionCallbacks().size();
		String answer = client().post().uri("/simulator/slash").bodyValue("ping").retrieve()
			.bodyToMono(String.class).block(Duration.ofSeconds(5));
		assertThat(answer).contains("\"dispatchedToSessions\":1");
		await().atMost(Duration.ofSeconds(10)).until(() -> simulator.interactionCallbacks().size() == before + 1);
		assertThat(simulator.interactionCallbacks().get(before).body()).contains("pong");
	}

	@Test
	void exposesHealthMetricsAndTheDiscordEndpointOverHttp() {
		Shard shard = context.getBean(GatewayShards.class).shards().get(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
		await().atMost(Duration.ofSeconds(10)).until(() -> get("/actuator/health").contains("\"status\":\"UP\""));
		String health = get("/actuator/health");
		assertThat(JsonPath.<String>read(health, "$.components.discord.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(health, "$.components.discord.details.shards.0.state")).isEqualTo("CONNECTED");
		await().atMost(Duration.ofSeconds(10)).until(() -> get("/actuator/metrics").contains("discord.gateway.events"));
		assertThat(get("/actuator/metrics/discord.gateway.events")).contains("INTERACTION_CREATE");
		assertThat(get("/actuator/metrics/discord.interactions.answer.latency")).contains("gateway");
		assertThat(get("/actuator/discord")).contains("CONNECTED");
	}

	private static String get(String path) {
		return client().get().uri(path).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(5));
	}

	private static WebClient client() {
		String port = context.getEnvironment().getProperty("local.server.port");
		return WebClient.create("http://127.0.0.1:" + port);
	}

}
