package dev.shard.autoconfigure.integrationtest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.shard.event.GuildCreateEvent;
import dev.shard.test.simulator.GatewaySimulator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observations of a real application whose shard talks to the gateway simulator over a socket, recorded by a
 * {@link TestObservationRegistry}: the connection attempt, and a listener whose WebClient call to the simulator's
 * REST API (a WebClient observed as Boot's customizer sets it up) is a child of the listener's observation.
 */
@SpringBootTest(classes = DiscordObservationSimulatorTests.App.class, webEnvironment = WebEnvironment.NONE)
class DiscordObservationSimulatorTests {

	static final String TOKEN = "MTk4NjIyNDQ3.obs-Secret-Token.Zq9xW";

	static final GatewaySimulator sim = GatewaySimulator.builder()
		.token(TOKEN)
		.heartbeatInterval(Duration.ofMillis(300))
		.identifyWindow(Duration.ofMillis(100))
		.guilds(1)
		.build()
		.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("discord.token", () -> TOKEN);
		registry.add("discord.api-base-url", sim::restBaseUrl);
		registry.add("discord.gateway.url", sim::gatewayUrl);
		registry.add("discord.gateway.shards.total", () -> "1");
		registry.add("discord.gateway.shutdown-timeout", () -> "2s");
		// no tracer here, only the test registry: listener calls are observed when asked for
		registry.add("discord.observations.listeners.enabled", () -> "true");
	}

	@AfterAll
	static void stopSimulator() {
		sim.close();
	}

	@Autowired
	TestObservationRegistry registry;

	@Autowired
	GuildListener listener;

	@Test
	void theRestCallOfAListenerIsAChildOfTheListenerCallAndTheConnectionAttemptIsObserved() {
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.listener.replies.isEmpty());
		assertThat(this.listener.replies).first().asString().contains("\"bot\":true");
		assertThat(sim.restCalls()).anySatisfy((call) -> assertThat(call.path()).endsWith("/users/@me"));

		List<Observation.Context> contexts = contexts();
		Observation.Context listenerCall = contexts.stream()
			.filter((c) -> c.getName().equals("discord.event.listener")
					&& "GuildCreateEvent".equals(lowValue(c, "discord.event.type")))
			.findFirst()
			.orElseThrow();
		assertThat(lowValue(listenerCall, "discord.listener"))
			.isEqualTo("DiscordObservationSimulatorTests.GuildListener.onGuild");
		assertThat(listenerCall.getHighCardinalityKeyValue("discord.shard.id").getValue()).isEqualTo("0");
		Observation.Context restCall = contexts.stream()
			.filter((c) -> c.getName().equals("http.client.requests"))
			.findFirst()
			.orElseThrow();
		ObservationView parent = restCall.getParentObservation();
		assertThat(parent).isNotNull();
		assertThat(parent.getContextView()).isSameAs(listenerCall);

		await().atMost(Duration.ofSeconds(5)).until(() -> findConnection().isPresent());
		Observation.Context connection = findConnection().orElseThrow();
		assertThat(lowValue(connection, "discord.connection.kind")).isEqualTo("identify");
		assertThat(connection.getHighCardinalityKeyValue("discord.shard.id").getValue()).isEqualTo("0");
		assertThat(connection.getParentObservation()).isNull();
	}

	private Optional<Observation.Context> findConnection() {
		return contexts().stream()
			.filter((c) -> c.getName().equals("discord.gateway.connection")
					&& "ready".equals(lowValue(c, "outcome")))
			.findFirst();
	}

	private List<Observation.Context> contexts() {
		List<Observation.Context> contexts = new CopyOnWriteArrayList<>();
		this.registry.assertThat().hasHandledContextsThatSatisfy(contexts::addAll);
		return contexts;
	}

	private static String lowValue(Observation.Context context, String key) {
		return (context.getLowCardinalityKeyValue(key) != null) ? context.getLowCardinalityKeyValue(key).getValue()
				: null;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		GuildListener guildListener(ObservationRegistry registry) {
			// what Boot's ObservationWebClientCustomizer does to its WebClient.Builder
			return new GuildListener(
					WebClient.builder().observationRegistry(registry).baseUrl(sim.restBaseUrl()).build());
		}

	}

	static class GuildListener {

		final List<String> replies = new CopyOnWriteArrayList<>();

		private final WebClient webClient;

		GuildListener(WebClient webClient) {
			this.webClient = webClient;
		}

		@EventListener
		void onGuild(GuildCreateEvent event) {
			// contextCapture(): the current observation (this listener call) goes into the Reactor context, where
			// WebClient looks for its parent
			this.replies.add(this.webClient.get()
				.uri("/users/@me")
				.header(HttpHeaders.AUTHORIZATION, "Bot " + TOKEN)
				.retrieve()
				.bodyToMono(String.class)
				.contextCapture()
				.block(Duration.ofSeconds(10)));
		}

	}

}
