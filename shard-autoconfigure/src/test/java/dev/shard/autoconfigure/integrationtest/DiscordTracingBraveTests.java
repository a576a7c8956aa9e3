package dev.shard.autoconfigure.integrationtest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.shard.event.GuildCreateEvent;
import dev.shard.test.simulator.GatewaySimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing with a real tracer: Spring Boot's Brave auto-configuration (every trace sampled, spans kept in memory), a
 * shard connected to the gateway simulator, and a listener whose plain {@code block()}ed WebClient call reaches a
 * loopback HTTP server. With Boot's defaults otherwise ({@code spring.reactor.context-propagation=limited}) the
 * client span is a child of the listener span, because the exchange starts on the listener's thread, where the
 * listener span is current; the request carries that trace to the server.
 */
@SpringBootTest(classes = DiscordTracingBraveTests.App.class, webEnvironment = WebEnvironment.NONE,
		properties = "management.tracing.sampling.probability=1.0")
class DiscordTracingBraveTests {

	static final String TOKEN = "MTk4NjIyNDQ3.brave-Secret-Token.Zq9xW";

	static final GatewaySimulator sim = GatewaySimulator.builder()
		.token(TOKEN)
		.heartbeatInterval(Duration.ofMillis(300))
		.identifyWindow(Duration.ofMillis(100))
		.guilds(1)
		.build()
		.start();

	/** The {@code traceparent} header of each request the server received. */
	static final List<String> traceparents = new CopyOnWriteArrayList<>();

	static final DisposableServer server = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.get("/ping", (request, response) -> {
			traceparents.add(String.valueOf(request.requestHeaders().get("traceparent")));
			return response.sendString(Mono.just("pong"));
		}))
		.bindNow();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("discord.token", () -> TOKEN);
		registry.add("discord.api-base-url", sim::restBaseUrl);
		registry.add("discord.gateway.url", sim::gatewayUrl);
		registry.add("discord.gateway.shards.total", () -> "1");
		registry.add("discord.gateway.shutdown-timeout", () -> "2s");
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
		sim.close();
	}

	@Autowired
	Spans spans;

	@Autowired
	TracedListener listener;

	@Autowired
	MeterRegistry meters;

	@Test
	void theListenerSpanIsTheParentOfTheRestCallsClientSpan() {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.listener.replies.contains("pong")
				&& span("discord.event.type", "GuildCreateEvent").isPresent()
				&& span("http.url", "http://127.0.0.1:" + server.port() + "/ping").isPresent());
		MutableSpan listenerSpan = span("discord.event.type", "GuildCreateEvent").orElseThrow();
		MutableSpan clientSpan = span("http.url", "http://127.0.0.1:" + server.port() + "/ping").orElseThrow();

		assertThat(listenerSpan.name()).isEqualTo("DiscordTracingBraveTests.TracedListener.onGuild");
		assertThat(listenerSpan.tag("discord.shard.id")).isEqualTo("0");
		assertThat(clientSpan.kind()).isEqualTo(brave.Span.Kind.CLIENT);
		assertThat(clientSpan.traceId()).isEqualTo(listenerSpan.traceId());
		assertThat(clientSpan.parentId()).isEqualTo(listenerSpan.id());
		// and over the wire: the server was called within the same trace, by the client span
		assertThat(traceparents).contains("00-" + clientSpan.traceId() + "-" + clientSpan.id() + "-01");

		await().atMost(Duration.ofSeconds(5)).until(() -> span("outcome", "ready").isPresent());
		MutableSpan connection = span("outcome", "ready").orElseThrow();
		assertThat(connection.name()).isEqualTo("discord identify");
		assertThat(connection.parentId()).isNull();
		assertThat(connection.traceId()).isNotEqualTo(listenerSpan.traceId());

		// the same observations are timers
		assertThat(this.meters.find("discord.event.listener")
			.tags("discord.event.type", "GuildCreateEvent", "discord.listener",
					"DiscordTracingBraveTests.TracedListener.onGuild")
			.timer()).isNotNull();
		assertThat(this.meters.find("discord.gateway.connection")
			.tags("outcome", "ready", "discord.connection.kind", "identify")
			.timer()).isNotNull();
	}

	private Optional<MutableSpan> span(String tag, String value) {
		return this.spans.finished.stream().filter((span) -> value.equals(span.tag(tag))).findFirst();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Spans spans() {
			return new Spans();
		}

		@Bean
		TracedListener tracedListener(ObservationRegistry registry) {
			// what Boot's ObservationWebClientCustomizer does to its WebClient.Builder
			return new TracedListener(WebClient.builder()
				.observationRegistry(registry)
				.baseUrl("http://127.0.0.1:" + server.port())
				.build());
		}

	}

	/** Keeps the finished spans in memory, as a reporter would send them. */
	static class Spans extends SpanHandler {

		final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			if (cause == Cause.FINISHED) {
				this.finished.add(new MutableSpan(span));
			}
			return true;
		}

	}

	static class TracedListener {

		final List<String> replies = new CopyOnWriteArrayList<>();

		private final WebClient webClient;

		TracedListener(WebClient webClient) {
			this.webClient = webClient;
		}

		@EventListener
		void onGuild(GuildCreateEvent event) {
			this.replies.add(this.webClient.get().uri("/ping").retrieve().bodyToMono(String.class)
				.block(Duration.ofSeconds(10)));
		}

	}

}
