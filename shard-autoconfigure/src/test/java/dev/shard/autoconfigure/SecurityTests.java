package dev.shard.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.shard.gateway.AuthenticationFailedException;
import dev.shard.gateway.CloseCode;
import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.GatewayException;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.TokenRejectedException;
import dev.shard.gateway.Fleet;
import dev.shard.gateway.Fleet.Member;
import dev.shard.gateway.Fleet.SinkBehaviour;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The token stays secret (logs at TRACE, console, {@code toString}, exception messages), plain {@code ws://} is
 * refused off loopback unless explicitly allowed, and inbound size caps hold.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

	private static final String TOKEN = Fleet.TOKEN;

	private static final List<String> TRACED = List.of("dev.shard", "reactor.netty", "io.netty");

	@Test
	void aFullSessionAtTraceNeverLogsTheToken(CapturedOutput output) throws Exception {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		root.addAppender(appender);
		List<Level> previous = new ArrayList<>();
		for (String name : TRACED) {
			Logger l = (Logger) LoggerFactory.getLogger(name);
			previous.add(l.getLevel());
			l.setLevel(Level.TRACE);
		}
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			// REST discovery, with the token in the Authorization header, at TRACE; then a 401
			GatewayDiscovery discovery = GatewayDiscovery.builder(TOKEN).apiBase(sim.restBaseUrl()).build();
			assertThat(discovery.gatewayBot().block(Duration.ofSeconds(10))).isNotNull();
			sim.failGatewayBot(401, 1, Duration.ZERO);
			StepVerifier.create(discovery.gatewayBot())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TokenRejectedException.class)
					.message()
					.doesNotContain(TOKEN))
				.verify(Duration.ofSeconds(10));
			try (Fleet fleet = new Fleet(sim, 2, (c) -> c, SinkBehaviour.NORMAL).start()) {
				await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
				sim.dispatch("MESSAGE_CREATE", 20, null, null).get(10, TimeUnit.SECONDS);
				sim.reconnect(null); // resume: op 6 carries the token
				await().atMost(Duration.ofSeconds(10)).until(() -> fleet.members.stream()
					.allMatch((m) -> !m.events(ShardLifecycleEvent.Resumed.class).isEmpty()));
				sim.close(0, 4009); // a new identify: op 2 carries the token
				await().atMost(Duration.ofSeconds(10))
					.until(() -> fleet.member(0).events(ShardLifecycleEvent.Ready.class).size() == 2);
				sim.dispatch("MESSAGE_CREATE", 20, null, null).get(10, TimeUnit.SECONDS);
				sim.close(1, 4004); // fatal: the exception and its log line
				await().atMost(Duration.ofSeconds(10)).until(() -> fleet.member(1).terminated());
				assertThat(fleet.member(1).error.get()).isInstanceOf(AuthenticationFailedException.class);
			}
		}
		finally {
			root.detachAppender(appender);
			for (int i = 0; i < TRACED.size(); i++) {
				((Logger) LoggerFactory.getLogger(TRACED.get(i))).setLevel(previous.get(i));
			}
		}
		// a late event of a closing connection may still be appended: AppenderBase.doAppend holds the appender's
		// monitor, so stop it and copy under that monitor
		List<ILoggingEvent> events;
		synchronized (appender) {
			appender.stop();
			events = new ArrayList<>(appender.list);
		}
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent e : events) {
			lines.add(e.getFormattedMessage());
			if (e.getArgumentArray() != null) {
				for (Object arg : e.getArgumentArray()) {
					lines.add(String.valueOf(arg));
				}
			}
			for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
				lines.add(t.getClassName() + ": " + t.getMessage());
				for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
					lines.add(s.getSTEAsString());
				}
			}
		}
		// the test can fail: frames and the REST call really were logged
		assertThat(lines).anyMatch((l) -> l.contains(">> {\"op\":2"));
		assertThat(lines).anyMatch((l) -> l.contains(">> {\"op\":6"));
		assertThat(lines).anyMatch((l) -> l.contains("[redacted]"));
		assertThat(events).anyMatch((e) -> e.getLoggerName().startsWith("reactor.netty")
				&& e.getLevel().toInt() <= Level.DEBUG.toInt());
		assertThat(lines).noneMatch((l) -> l.contains(TOKEN));
		assertThat(output.getAll()).isNotEmpty().doesNotContain(TOKEN);
	}

	@Test
	void toStringAndExceptionMessagesNeverContainTheToken() {
		ShardConfig config = Fleet.baseConfig("wss://gateway.discord.gg").build();
		ShardConfig prefixed = ShardConfig.builder("Bot " + TOKEN).build();
		assertThat(prefixed.token()).isEqualTo(TOKEN);
		Shard shard = new Shard(0, 1, config);
		List<Object> objects = new ArrayList<>(List.of(config, prefixed, config.toBuilder().build(), shard,
				GatewayDiscovery.builder(TOKEN).build(), GatewayDiscovery.builder("Bot " + TOKEN).build(),
				new dev.shard.gateway.InMemoryIdentifyRateLimiter(), new ShardLifecycleEvent.Ready(0, "s", 1)));
		for (CloseCode code : CloseCode.values()) {
			Optional.ofNullable(CloseCode.exceptionFor(code.code(), "reason")).ifPresent(objects::add);
		}
		assertThat(objects).hasSizeGreaterThan(10);
		for (Object o : objects) {
			assertThat(o.toString()).as(o.getClass().getName()).doesNotContain(TOKEN);
			if (o instanceof Throwable t) {
				assertThat(t.getMessage()).doesNotContain(TOKEN);
			}
		}
		assertThat(config.toString()).contains("[redacted]");
	}

	@Test
	void plainWsIsRefusedForNonLoopbackHosts() {
		for (String url : List.of("ws://gateway.discord.gg", "ws://10.1.2.3:8080", "ws://192.168.0.1",
				"ws://[2001:db8::1]:80", "ws://localhost.example.com")) {
			Shard shard = new Shard(0, 1, Fleet.baseConfig(url).build());
			StepVerifier.create(shard.run((d) -> {
			}))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(GatewayException.class)
					.hasMessageContaining("allowInsecureGateway")
					.message()
					.doesNotContain(TOKEN))
				.verify(Duration.ofSeconds(5));
			assertThat(shard.state()).as(url).isEqualTo(ShardState.FATALLY_CLOSED);
		}
		// wss and other schemes
		Shard http = new Shard(0, 1, Fleet.baseConfig("http://127.0.0.1:1").build());
		StepVerifier.create(http.run((d) -> {
		})).expectError(GatewayException.class).verify(Duration.ofSeconds(5));
	}

	@Test
	void plainWsToLoopbackWorksAndAllowInsecureGatewayLetsANamedHostThrough() throws IOException {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			try (Fleet fleet = new Fleet(sim, 1, (c) -> c, SinkBehaviour.NORMAL).start()) {
				await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
			}
			// a host name (not "localhost") that /etc/hosts maps to loopback: the check does not resolve names, so
			// only allowInsecureGateway lets it through; it still only reaches this machine
			String name = loopbackAlias();
			Assumptions.assumeTrue(name != null, "no loopback alias in /etc/hosts");
			String url = "ws://" + name + ":" + sim.port() + "/";
			try (Fleet refused = new Fleet(sim, 1, (c) -> c, SinkBehaviour.NORMAL, url).start()) {
				Member m = refused.member(0);
				await().atMost(Duration.ofSeconds(5)).until(m::terminated);
				assertThat(m.error.get()).isInstanceOf(GatewayException.class).hasMessageContaining("allowInsecureGateway");
			}
			try (Fleet allowed = new Fleet(sim, 1, (c) -> c.allowInsecureGateway(true), SinkBehaviour.NORMAL, url)
				.start()) {
				await().atMost(Duration.ofSeconds(10)).until(allowed::allConnected);
			}
		}
	}

	@Test
	void inboundSizeCapIsEnforcedOnPlainAndCompressedConnections() throws Exception {
		for (Compression compression : new Compression[] { Compression.NONE, Compression.ZLIB_STREAM }) {
			try (GatewaySimulator sim = Fleet.simulator().build().start();
					Fleet fleet = new Fleet(sim, 1, (c) -> c.compression(compression).maxInboundMessageSize(64 * 1024),
							SinkBehaviour.NORMAL)
						.start()) {
				await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
				sim.sendRaw(0, Fleet.oversized(128 * 1024));
				await().atMost(Duration.ofSeconds(10)).until(() -> fleet.member(0).shard.reconnectCount() >= 1);
				await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
				sim.dispatch("MESSAGE_CREATE", 10, null, null).get(10, TimeUnit.SECONDS);
				fleet.awaitConverged(Duration.ofSeconds(10));
				assertThat(sim.log().identifies()).as("the cap costs no identify").hasSize(1);
			}
		}
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ShardConfig.builder(TOKEN).maxInboundMessageSize(1024));
	}

	/** A non-"localhost" name that /etc/hosts maps to 127.x (read directly: no resolver query leaves the box). */
	static String loopbackAlias() throws IOException {
		Path hosts = Path.of("/etc/hosts");
		if (!Files.isReadable(hosts)) {
			return null;
		}
		for (String line : Files.readAllLines(hosts)) {
			String[] parts = line.replaceAll("#.*", "").trim().split("\\s+");
			if (parts.length >= 2 && parts[0].startsWith("127.")) {
				for (int i = 1; i < parts.length; i++) {
					if (!parts[i].equalsIgnoreCase("localhost") && !parts[i].contains(":")) {
						return parts[i];
					}
				}
			}
		}
		return null;
	}

}
