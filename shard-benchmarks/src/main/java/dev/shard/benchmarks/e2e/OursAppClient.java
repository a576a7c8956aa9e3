package dev.shard.benchmarks.e2e;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ShardConfigCustomizer;
import dev.shard.autoconfigure.endpoint.DiscordEndpoint;
import dev.shard.autoconfigure.metrics.DiscordGatewayMetrics;
import dev.shard.event.GuildCreateEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.ShardObserver;
import dev.shard.model.Guild;
import dev.shard.model.Message;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * {@code ours-app}: the starter as a realistic application runs it, on default settings. The sample bot's listener
 * set ({@code dev.shard.sample.PingListener}'s logging listener and {@code condition}-filtered {@code !ping}
 * listener on {@link MessageCreateEvent}, {@code GuildLogger}'s {@link GuildCreateEvent} listener), its message
 * log at WARN (as a user would turn it down), Spring Boot Actuator and Micrometer on (health, the {@code discord}
 * endpoint, the starter's meters including the dispatch-lag timer, on Boot's default {@code SimpleMeterRegistry}).
 * No {@code inline-delivery}, default delivery threads, no pinned cores.
 * <p>
 * Counting as in {@code ours}: receive time taken at {@link ShardObserver#onDispatch} (the observer also forwards
 * every callback to the starter's meters, which it replaces), handed over through {@link Child.Ring}; the count is
 * taken in the logging listener, which every message reaches, so the benchmark adds no listener of its own.
 */
final class OursAppClient {

	private OursAppClient() {
	}

	static AutoCloseable start(Meter meter, String compression, String gateway, String rest, String token) {
		App.meter = meter;
		SpringApplication app = new SpringApplication(App.class);
		ConfigurableApplicationContext context = app.run("--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off", "--discord.token=" + token, "--discord.api-base-url=" + rest,
				"--discord.gateway.url=" + gateway, "--discord.gateway.shards.total=1",
				"--discord.gateway.compression=" + (compression.equals("zlib") ? "zlib-stream" : "none"),
				// as the sample bot's application.yml
				"--discord.gateway.intents=auto,MESSAGE_CONTENT",
				"--management.endpoints.web.exposure.include=health,metrics,discord",
				"--management.endpoint.health.show-details=always",
				// the message log turned down, as a user would (logback.xml's root is WARN too)
				"--logging.level." + PingListener.class.getName() + "=warn");
		// what makes this the realistic app: fail rather than measure something else
		require(context, MeterRegistry.class);
		require(context, DiscordGatewayMetrics.class);
		require(context, DiscordEndpoint.class);
		if (context.getBeanNamesForType(HealthIndicator.class).length == 0) {
			throw new IllegalStateException("no health indicator");
		}
		Child.awaitConnected(context.getBean(GatewayShards.class));
		return context::close;
	}

	private static void require(ConfigurableApplicationContext context, Class<?> type) {
		if (context.getBeanProvider(type).getIfAvailable() == null) {
			throw new IllegalStateException("ours-app needs a " + type.getSimpleName() + " bean");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PingListener.class, GuildLogger.class })
	static class App {

		static Meter meter;

		static final Child.Ring ring = new Child.Ring(1 << 16);

		/**
		 * Replaces the starter's meters as the shards' observer (applied after theirs) and forwards every callback
		 * to them, so that they count as they would without the benchmark.
		 */
		@Bean
		ShardConfigCustomizer timing(DiscordGatewayMetrics metrics) {
			return (builder) -> builder.observer(new TimingObserver(metrics));
		}

	}

	private static final class TimingObserver implements ShardObserver {

		private final ShardObserver delegate;

		TimingObserver(ShardObserver delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onFrame(int shardId, int wireBytes, int inflatedBytes) {
			this.delegate.onFrame(shardId, wireBytes, inflatedBytes);
		}

		@Override
		public void onDispatch(int shardId, String type) {
			if (MessageCreateEvent.TYPE.equals(type)) {
				App.ring.push(System.nanoTime());
			}
			this.delegate.onDispatch(shardId, type);
		}

		@Override
		public void onSend(int shardId, int op, int bytes, Duration limiterWait) {
			this.delegate.onSend(shardId, op, bytes, limiterWait);
		}

		@Override
		public void onIdentify(int shardId) {
			this.delegate.onIdentify(shardId);
		}

		@Override
		public void onResume(int shardId) {
			this.delegate.onResume(shardId);
		}

		@Override
		public void onReconnect(int shardId, ReconnectCause cause) {
			this.delegate.onReconnect(shardId, cause);
		}

		@Override
		public void onHeartbeatAck(int shardId, Duration latency) {
			this.delegate.onHeartbeatAck(shardId, latency);
		}

	}

	/** The sample bot's {@code PingListener}, without the REST call (no message of the stream is {@code !ping}). */
	static class PingListener {

		private static final Logger logger = LoggerFactory.getLogger(PingListener.class);

		private final AtomicLong pings = new AtomicLong();

		@EventListener
		public void log(MessageCreateEvent event) {
			Message message = event.message();
			String author = (message.author() != null) ? message.author().username() : "?";
			logger.info("[shard {}] message in channel {} from {}: {}", event.shardId(), message.channelId(), author,
					message.content());
			App.meter.onEvent(App.ring.pop(), event.info().sequence());
		}

		@EventListener(condition = "#event.message().content() == '!ping' and #event.message().author()?.bot() != true")
		public void ping(MessageCreateEvent event) {
			logger.info("[shard {}] answering !ping with pong", event.shardId());
			this.pings.incrementAndGet();
		}

	}

	/** The sample bot's {@code GuildLogger}. */
	static class GuildLogger {

		private static final Logger logger = LoggerFactory.getLogger(GuildLogger.class);

		@EventListener
		public void onGuildCreate(GuildCreateEvent event) {
			Guild guild = event.guild();
			logger.info("[shard {}] guild available: {} ({}), {} members", event.shardId(), guild.name(), guild.id(),
					guild.memberCount());
		}

	}

}
