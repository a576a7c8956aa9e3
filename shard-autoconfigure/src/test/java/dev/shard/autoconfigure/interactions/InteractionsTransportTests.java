package dev.shard.autoconfigure.interactions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.HttpInteractionResponse;
import dev.shard.test.simulator.SimulatedInteraction;
import dev.shard.test.simulator.SimulatorLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interactions answered through {@link Interactions} by one listener ({@link InteractionsTestBot}), delivered over
 * the gateway and, in the same application, as signed POSTs to its HTTP endpoint: the same listener method serves
 * both. Every answer is recorded by the simulator, which holds it to Discord's rules (first answer within 3 s of the
 * interaction's creation, acknowledged once).
 */
@ExtendWith(OutputCaptureExtension.class)
class InteractionsTransportTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static GatewaySimulator sim;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		sim = GatewaySimulator.builder()
			.token("interactions-token")
			.heartbeatInterval(Duration.ofMillis(500))
			.guilds(1)
			.build()
			.start();
		context = new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.logStartupInfo(false)
			.run("--discord.token=" + sim.token(), "--discord.api-base-url=" + sim.restBaseUrl(),
					"--discord.interactions.public-key=" + sim.interactionPublicKey(), "--server.port=0");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> context.getBean(GatewayShards.class).shards().stream()
				.anyMatch((shard) -> shard.state() == ShardState.CONNECTED));
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		sim.close();
	}

	@AfterEach
	void rulesKept() {
		assertThat(sim.violations()).isEmpty();
		assertThat(bot().failures).isEmpty();
	}

	private static String endpoint() {
		return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/discord/interactions";
	}

	private static InteractionsTestBot bot() {
		return context.getBean(InteractionsTestBot.class);
	}

	/** Delivers over the transport and returns the first answer, as the simulator recorded it. */
	private SimulatorLog.InteractionCallback deliver(InteractionTransport transport, SimulatedInteraction interaction) {
		if (transport == InteractionTransport.GATEWAY) {
			assertThat(sim.dispatchInteraction(interaction)).isNotEmpty();
		}
		else {
			HttpInteractionResponse response = sim.postInteraction(endpoint(), interaction);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.elapsed()).isLessThan(Duration.ofSeconds(3));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> firstAnswer(interaction) != null);
		SimulatorLog.InteractionCallback answer = firstAnswer(interaction);
		assertThat(answer.accepted()).isTrue();
		assertThat(answer.via()).isEqualTo((transport == InteractionTransport.GATEWAY) ? "callback" : "http");
		return answer;
	}

	private static SimulatorLog.InteractionCallback firstAnswer(SimulatedInteraction interaction) {
		return sim.interactionCallbacks()
			.stream()
			.filter((c) -> c.interactionId().equals(interaction.id()))
			.findFirst()
			.orElse(null);
	}

	private static List<SimulatorLog.WebhookCall> webhookCalls(SimulatedInteraction interaction) {
		return sim.webhookCalls().stream().filter((c) -> c.interactionToken().equals(interaction.token())).toList();
	}

	private static JsonNode body(String text) {
		return json.readTree(text);
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void replyWithComponents(InteractionTransport transport) {
		SimulatedInteraction ping = sim.slashCommand("ping");
		JsonNode answer = body(deliver(transport, ping).body());
		assertThat(answer.path("type").asInt()).isEqualTo(4);
		assertThat(answer.path("data").path("content").asString()).isEqualTo("pong");
		assertThat(answer.path("data").path("components").get(0).path("components").get(0).path("custom_id").asString())
			.isEqualTo("again");
		assertThat(bot().seen.get(ping.id()).viaHttp()).isEqualTo(transport == InteractionTransport.HTTP);
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void ephemeralReply(InteractionTransport transport) {
		JsonNode answer = body(deliver(transport, sim.slashCommand("secret")).body());
		assertThat(answer.path("data").path("flags").asInt()).isEqualTo(64);
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void deferThenFollowUp(InteractionTransport transport) {
		SimulatedInteraction report = sim.slashCommand("report");
		JsonNode answer = body(deliver(transport, report).body());
		assertThat(answer.path("type").asInt()).isEqualTo(5);
		assertThat(answer.path("data").path("flags").asInt()).isEqualTo(64);
		await().atMost(Duration.ofSeconds(10)).until(() -> !webhookCalls(report).isEmpty());
		assertThat(webhookCalls(report)).singleElement().satisfies((call) -> {
			assertThat(call.isFollowUp()).isTrue();
			assertThat(call.status()).isEqualTo(200);
			assertThat(body(call.body()).path("content").asString()).isEqualTo("report ready");
			if (transport == InteractionTransport.GATEWAY) {
				// sent only once Discord had the defer (over HTTP the simulator records its response a moment late)
				assertThat(call.time()).isAfterOrEqualTo(firstAnswer(report).time());
			}
		});
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void modalAndItsSubmission(InteractionTransport transport) {
		JsonNode modal = body(deliver(transport, sim.slashCommand("feedback")).body());
		assertThat(modal.path("type").asInt()).isEqualTo(9);
		assertThat(modal.path("data").path("custom_id").asString()).isEqualTo("feedback-form");
		assertThat(modal.path("data").path("components").get(0).path("components").get(0).path("style").asInt())
			.isEqualTo(2);
		JsonNode reply = body(deliver(transport, sim.modalSubmit("feedback-form", Map.of("text", "great bot"))).body());
		assertThat(reply.path("data").path("content").asString()).isEqualTo("thanks for: great bot");
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void buttonUpdatesItsMessage(InteractionTransport transport) {
		JsonNode answer = body(deliver(transport, sim.buttonClick("again")).body());
		assertThat(answer.path("type").asInt()).isEqualTo(7);
		assertThat(answer.path("data").path("content").asString()).isEqualTo("clicked again");
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void replyThenEditOriginal(InteractionTransport transport) {
		SimulatedInteraction edit = sim.slashCommand("edit");
		assertThat(body(deliver(transport, edit).body()).path("data").path("content").asString()).isEqualTo("draft");
		await().atMost(Duration.ofSeconds(10)).until(() -> !webhookCalls(edit).isEmpty());
		assertThat(webhookCalls(edit)).singleElement().satisfies((call) -> {
			assertThat(call.isEditOriginal()).isTrue();
			assertThat(call.status()).isEqualTo(200);
			assertThat(body(call.body()).path("content").asString()).isEqualTo("final");
		});
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void aSlowButtonIsDeferredWithoutALoadingStateAndItsUpdateEditsTheMessage(InteractionTransport transport) {
		SimulatedInteraction click = sim.buttonClick("slow-button");
		assertThat(body(deliver(transport, click).body()).path("type").asInt()).isEqualTo(6);
		await().atMost(Duration.ofSeconds(10)).until(() -> !webhookCalls(click).isEmpty());
		assertThat(webhookCalls(click)).singleElement().satisfies((call) -> {
			assertThat(call.isEditOriginal()).isTrue();
			assertThat(body(call.body()).path("content").asString()).isEqualTo("clicked slow-button");
		});
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void autocompleteResults(InteractionTransport transport) {
		JsonNode answer = body(deliver(transport, sim.autocomplete("color", "name", "bl")).body());
		assertThat(answer.path("type").asInt()).isEqualTo(8);
		assertThat(answer.path("data").path("choices")).extracting((c) -> c.path("name").asString())
			.containsExactly("blue", "black");
	}

	@ParameterizedTest
	@EnumSource(InteractionTransport.class)
	void aListenerSleepingFourSecondsIsDeferredInTimeAndItsAnswerFollowsUp(InteractionTransport transport,
			CapturedOutput output) {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		String tag = transport.name().toLowerCase(Locale.ROOT);
		double before = registry.get("discord.interactions.auto.deferred").tag("transport", tag).counter().count();
		SimulatedInteraction sleepy = sim.slashCommand("sleepy");
		Instant created = Instant.ofEpochMilli((Long.parseLong(sleepy.id()) >>> 22) + 1420070400000L);
		SimulatorLog.InteractionCallback defer = deliver(transport, sleepy);
		assertThat(body(defer.body()).path("type").asInt()).isEqualTo(5);
		assertThat(Duration.between(created, defer.time())).isLessThan(Duration.ofSeconds(3));
		await().atMost(Duration.ofSeconds(10)).until(() -> !webhookCalls(sleepy).isEmpty());
		assertThat(webhookCalls(sleepy)).singleElement().satisfies((call) -> {
			assertThat(call.isFollowUp()).isTrue();
			assertThat(call.status()).isEqualTo(200);
			assertThat(body(call.body()).path("content").asString()).isEqualTo("finally awake");
		});
		assertThat(registry.get("discord.interactions.auto.deferred").tag("transport", tag).counter().count())
			.isEqualTo(before + 1);
		assertThat(registry.get("discord.interactions.answer.latency").tag("transport", tag)
			.tag("auto.deferred", "true").timer().count()).isPositive();
		// the warning names the listener that was still running, and no token
		assertThat(output).contains("Listener still running: dev.shard.autoconfigure.interactions.InteractionsTestBot.on(")
			.doesNotContain(sleepy.token());
	}

	@ParameterizedTest
	@EnumSource(value = SimulatedInteraction.Signing.class, names = "VALID", mode = EnumSource.Mode.EXCLUDE)
	void badlySignedOrStaleRequestsAreRefusedWith401AndPublishNothing(SimulatedInteraction.Signing signing) {
		SimulatedInteraction ping = sim.slashCommand("ping");
		assertThat(sim.postInteraction(endpoint(), ping, signing).join().status()).isEqualTo(401);
		assertThat(bot().seen).doesNotContainKey(ping.id());
		assertThat(firstAnswer(ping)).isNull();
	}

	@Test
	void pingIsAnsweredWithPongAndNotPublished() {
		SimulatedInteraction ping = sim.ping();
		HttpInteractionResponse response = sim.postInteraction(endpoint(), ping);
		assertThat(response.status()).isEqualTo(200);
		assertThat(body(response.body()).path("type").asInt()).isEqualTo(1);
		assertThat(bot().seen).doesNotContainKey(ping.id());
	}

	@Test
	void aRateLimitedCallbackIsSentAgainAfterRetryAfter() {
		sim.failInteractionCallbacks(429, 1, Duration.ofMillis(300));
		SimulatedInteraction ping = sim.slashCommand("ping");
		sim.dispatchInteraction(ping);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> sim.interactionCallbacks().stream().anyMatch((c) -> c.interactionId().equals(ping.id())
					&& c.accepted()));
		List<SimulatorLog.InteractionCallback> attempts = sim.interactionCallbacks()
			.stream()
			.filter((c) -> c.interactionId().equals(ping.id()))
			.toList();
		assertThat(attempts).extracting(SimulatorLog.InteractionCallback::status).containsExactly(429, 204);
		assertThat(Duration.between(attempts.get(0).time(), attempts.get(1).time()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(250));
	}

	@Test
	void aModalAfterTheFirstAnswerFailsItsFutureAndLogsNoToken(CapturedOutput output) {
		Interactions interactions = context.getBean(Interactions.class);
		SimulatedInteraction ping = sim.slashCommand("ping");
		sim.dispatchInteraction(ping);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot().seen.containsKey(ping.id()) && firstAnswer(ping) != null);
		// a second first answer, made by hand: Discord refuses it (40060) and the simulator records a violation
		CompletableFuture<Void> modal = interactions.modal(bot().seen.get(ping.id()), "x", "x", List.of());
		assertThat(modal).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(InteractionResponseException.class)
			.withMessageContaining("already had its first answer");
		assertThat(output).doesNotContain(ping.token());
	}

	@Test
	void aRefusedCallbackFailsTheListenersFutureWithTheStatusAndNoToken(CapturedOutput output) {
		sim.failInteractionCallbacks(500, 1, null);
		SimulatedInteraction ping = sim.slashCommand("ping");
		sim.dispatchInteraction(ping);
		await().atMost(Duration.ofSeconds(10)).until(() -> !bot().failures.isEmpty());
		List<Throwable> failures = List.copyOf(bot().failures);
		bot().failures.clear();
		assertThat(failures).singleElement().isInstanceOfSatisfying(InteractionResponseException.class, (ex) -> {
			assertThat(ex.getStatus()).isEqualTo(500);
			assertThat(ex).hasMessageContaining("POST /interactions/{id}/[token]/callback for interaction " + ping.id())
				.hasMessageContaining("HTTP 500");
		});
		assertThat(output).contains("HTTP 500").doesNotContain(ping.token());
	}

	@Configuration(proxyBeanMethods = false)
	@InteractionsWebApplication
	static class App {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		InteractionsTestBot interactionsTestBot(Interactions interactions) {
			return new InteractionsTestBot(interactions);
		}

	}

}
