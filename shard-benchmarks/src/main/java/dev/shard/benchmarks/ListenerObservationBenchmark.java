package dev.shard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.autoconfigure.observation.DiscordObservationAutoConfiguration;
import dev.shard.event.EventBinder;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ShardSink;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.MapPropertySource;

/**
 * The cost of the listener observations: one already bound {@code MESSAGE_CREATE} published to one
 * {@code @EventListener} method through the starter's real bridge and multicaster (what a shard's delivery thread
 * does per dispatch, minus decoding and binding), per {@code registry}:
 * <ul>
 * <li>{@code none}: no {@link ObservationRegistry} bean (listeners are called directly);</li>
 * <li>{@code noop}: {@link ObservationRegistry#NOOP} (nothing installed either);</li>
 * <li>{@code empty}: a registry without handlers (the observation is Micrometer's no-op one);</li>
 * <li>{@code timer}: a registry with {@link DefaultMeterObservationHandler}, a timer per listener call, the handler
 * Spring Boot's actuator installs.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ListenerObservationBenchmark {

	private static final String MESSAGE = "{\"op\":0,\"s\":7,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"1\",\"channel_id\":\"2\","
			+ "\"content\":\"hi\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}}";

	@Param({ "none", "noop", "empty", "timer" })
	public String registry;

	private AnnotationConfigApplicationContext context;

	private ShardSink sink;

	private GatewayDispatch dispatch;

	private Object event;

	private Listener listener;

	@Setup
	public void setup() {
		this.context = new AnnotationConfigApplicationContext();
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("benchmark",
					Map.of("discord.enabled", "false", "discord.token", "MTIz.benchmark.xyz",
							"discord.observations.listeners.enabled", "true")));
		switch (this.registry) {
			case "none" -> {
			}
			case "noop" -> this.context.registerBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP);
			case "empty" -> this.context.registerBean(ObservationRegistry.class, ObservationRegistry::create);
			case "timer" -> this.context.registerBean(ObservationRegistry.class, () -> {
				ObservationRegistry registry = ObservationRegistry.create();
				registry.observationConfig()
					.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
				return registry;
			});
			default -> throw new IllegalArgumentException(this.registry);
		}
		this.context.register(App.class);
		this.context.refresh();
		DiscordEventBridge bridge = this.context.getBean(DiscordEventBridge.class);
		bridge.refreshListeners();
		if ((bridge.getListenerInvoker() != null) != (this.registry.equals("empty") || this.registry.equals("timer"))) {
			throw new IllegalStateException("Listener observations installed: " + bridge.getListenerInvoker());
		}
		this.sink = bridge.sinkFor(0);
		this.dispatch = new GatewayDispatch(0, 7, "MESSAGE_CREATE", MESSAGE.getBytes(StandardCharsets.UTF_8),
				System.nanoTime());
		this.event = EventBinder.shared().bind(this.dispatch);
		this.listener = this.context.getBean(Listener.class);
	}

	@TearDown
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public long publish() {
		this.sink.onDispatch(this.dispatch, this.event);
		return this.listener.count;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DiscordAutoConfiguration.class, DiscordObservationAutoConfiguration.class })
	static class App {

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	public static class Listener {

		long count;

		@EventListener
		public void on(MessageCreateEvent event) {
			this.count += event.sequence();
		}

	}

}
