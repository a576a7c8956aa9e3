package dev.shard.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.TOKEN;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Frame logging at TRACE, through identify and a resume: the logger is per shard and the token never shows. */
class ShardLoggingTests {

	@Test
	void traceLoggingNeverShowsTheToken() throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger(Shard.class.getName() + ".0");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		Level previous = logger.getLevel();
		logger.setLevel(Level.TRACE);
		logger.addAppender(appender);
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			sim.dispatch("MESSAGE_CREATE", 3, 0, null).get(5, TimeUnit.SECONDS);
			sim.reconnect(0);
			await().atMost(Duration.ofSeconds(10)).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
		}
		finally {
			logger.detachAppender(appender);
			logger.setLevel(previous);
		}
		assertThat(appender.list).anyMatch((e) -> e.getFormattedMessage().contains(">> {\"op\":2"));
		assertThat(appender.list).anyMatch((e) -> e.getFormattedMessage().contains(">> {\"op\":6"));
		assertThat(appender.list).anyMatch((e) -> e.getFormattedMessage().contains("[redacted]"));
		assertThat(appender.list).noneMatch((e) -> e.getFormattedMessage().contains(TOKEN));
	}

	/** The shard hands out no token: its configuration is not public, and {@code redact} masks it in any text. */
	@Test
	void theTokenIsNotHandedOut() throws Exception {
		assertThat(java.lang.reflect.Modifier.isPublic(Shard.class.getDeclaredMethod("config").getModifiers()))
			.isFalse();
		assertThat(java.util.Arrays.stream(Shard.class.getMethods()).map(java.lang.reflect.Method::getReturnType))
			.doesNotContain(ShardConfig.class);
		Shard shard = new Shard(0, 1, ShardConfig.builder(TOKEN).build(), NO_WAIT);
		assertThat(shard.redact("rejected " + TOKEN + " twice: " + TOKEN))
			.isEqualTo("rejected [redacted] twice: [redacted]");
		assertThat(shard.redact(null)).isNull();
	}

}
