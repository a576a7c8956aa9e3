package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.connection;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** Outbound payloads: size limit, holding until READY, pacing. */
class ShardSendTests {

	private static Map<String, Object> presence(String name) {
		return Map.of("op", 3, "d", Map.of("since", 0, "activities", List.of(Map.of("name", name, "type", 0)),
				"status", "online", "afk", false));
	}

	/**
	 * With Discord's 60 s window, a 300 ms heartbeat would claim every slot for heartbeats; a 2 s one leaves room.
	 */
	/** The shard with its outbound limits changed (test hooks on the part that owns them). */
	private static Shard limited(Shard shard, java.util.function.Consumer<Outbound> limits) {
		limits.accept(shard.outbound());
		return shard;
	}

	private static GatewaySimulator.Builder sendSimulator() {
		return simulator().heartbeatInterval(Duration.ofSeconds(2));
	}

	@Test
	void rejectsPayloadsOver4096BytesAtCallTime() {
		try (GatewaySimulator sim = sendSimulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			String big = "x".repeat(4100);
			assertThatExceptionOfType(PayloadTooLargeException.class).isThrownBy(() -> r.shard.sendPayload(presence(big)))
				.satisfies((e) -> assertThat(e.size()).isGreaterThan(4096));
			// just under the limit goes through
			String fits = "y".repeat(3900);
			r.shard.sendPayload(presence(fits)).block(Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> connection(sim, 0).commands().stream().anyMatch((c) -> c.op() == 3));
			assertThat(connection(sim, 0).commands().stream().filter((c) -> c.op() == 3)).hasSize(1)
				.allMatch((c) -> c.d().contains("yyyy"));
			assertThat(connection(sim, 0).violations()).isEmpty();
			assertThatIllegalArgumentException().isThrownBy(() -> r.shard.sendPayload("{\"d\":1}"));
			assertThatIllegalArgumentException().isThrownBy(() -> r.shard.sendPayload("{\"op\":2,\"d\":{}}"));
		}
	}

	@Test
	void holdsPayloadsUntilReady() {
		try (GatewaySimulator sim = sendSimulator().build().start()) {
			Shard shard = new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT);
			Mono<Void> sent = shard.sendPayload(presence("early"));
			try (Running r = start(shard)) {
				sent.block(Duration.ofSeconds(5));
				await().atMost(Duration.ofSeconds(5))
					.until(() -> connection(sim, 0).commands().stream().anyMatch((c) -> c.op() == 3));
				List<SimulatorLog.Command> commands = connection(sim, 0).commands();
				int identify = indexOfOp(commands, 2);
				int presence = indexOfOp(commands, 3);
				assertThat(identify).isNotNegative().isLessThan(presence);
				assertThat(connection(sim, 0).violations()).isEmpty();
			}
		}
	}

	private static int indexOfOp(List<SimulatorLog.Command> commands, int op) {
		for (int i = 0; i < commands.size(); i++) {
			if (commands.get(i).op() == op) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The real window is 60 s, so this uses the same limit (120) over a 3 s window on both sides; the limiter
	 * class itself is shown with Discord's window and a virtual clock in {@code SendLimiterTests}.
	 */
	@Test
	void burstOf150CommandsIsPacedAndNeverTrips4008() {
		Duration window = Duration.ofSeconds(3);
		try (GatewaySimulator sim = simulator().heartbeatInterval(Duration.ofMillis(500))
			.payloadLimit(120, window)
			.build()
			.start();
				Running r = start(limited(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT),
						(outbound) -> outbound.sendLimit(120, window).presenceLimit(150, window)))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			List<Mono<Void>> sends = new ArrayList<>();
			Instant start = Instant.now();
			for (int i = 0; i < 150; i++) {
				sends.add(r.shard.sendPayload(presence("p" + i)));
			}
			Mono.when(sends).block(Duration.ofSeconds(20));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> connection(sim, 0).commands().stream().filter((c) -> c.op() == 3).count() == 150);
			SimulatorLog.Connection c = connection(sim, 0);
			assertThat(c.violations()).isEmpty();
			assertThat(sim.log().violations()).isEmpty();
			assertThat(c.open()).isTrue();
			assertThat(c.close()).isNull();
			// more than one window's worth had to wait for the window to slide
			List<SimulatorLog.Command> presences = c.commands().stream().filter((x) -> x.op() == 3).toList();
			Duration spread = Duration.between(presences.get(0).time(), presences.get(149).time());
			assertThat(spread).isGreaterThan(Duration.ofMillis(2000));
			// and heartbeats kept flowing during the burst
			assertThat(c.heartbeats().stream().filter((h) -> h.time().isAfter(start))).isNotEmpty();
		}
	}

	/** Opcodes only the gateway sends draw close 4001 when a client sends them: refused at call time. */
	@Test
	void refusesReceiveOnlyOpcodes() {
		Shard shard = new Shard(0, 1, ShardConfig.builder("t").build(), NO_WAIT);
		for (int op : new int[] { 0, 7, 9, 10, 11 }) {
			assertThatIllegalArgumentException().as("op %d", op)
				.isThrownBy(() -> shard.sendPayload("{\"op\":" + op + ",\"d\":null}"))
				.withMessageContaining("op " + op);
		}
		// a send opcode is taken (queued until the shard is connected)
		assertThat(shard.sendPayload("{\"op\":4,\"d\":{}}")).isNotNull();
	}

	/**
	 * Presence updates have their own limit, 5 per 20 s, on top of the connection's; this uses the same limit over
	 * a 1 s window. The sixth and seventh wait for the window to slide; other payloads are not held back by it
	 * beyond their place in the queue.
	 */
	@Test
	void presenceUpdatesArePacedAtFivePerWindow() {
		Duration window = Duration.ofSeconds(1);
		try (GatewaySimulator sim = sendSimulator().build().start();
				Running r = start(limited(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT),
						(outbound) -> outbound.presenceLimit(5, window)))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			List<Mono<Void>> sends = new ArrayList<>();
			for (int i = 0; i < 7; i++) {
				sends.add(r.shard.sendPayload(presence("p" + i)));
			}
			Mono.when(sends).block(Duration.ofSeconds(20));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> connection(sim, 0).commands().stream().filter((c) -> c.op() == 3).count() == 7);
			List<SimulatorLog.Command> presences = connection(sim, 0).commands()
				.stream()
				.filter((x) -> x.op() == 3)
				.toList();
			// as the gateway saw them: never more than five within one window
			for (int i = 5; i < presences.size(); i++) {
				assertThat(Duration.between(presences.get(i - 5).time(), presences.get(i).time())).as("presence %d", i)
					.isGreaterThanOrEqualTo(window);
			}
			assertThat(sim.log().violations()).isEmpty();
		}
	}

	/**
	 * A payload queued while the shard ends must not be left pending: its {@code Mono} either completes or errors.
	 * The hook runs between the shard's "still running?" check and the queueing and lets a shutdown from another
	 * thread run meanwhile (waiting for it up to a second): before the fix the shutdown failed what was queued
	 * before this payload joined, and this one was never completed.
	 */
	@Test
	void aPayloadRacingTheShutdownAlwaysTerminates() {
		try (GatewaySimulator sim = sendSimulator().build().start()) {
			Shard shard = new Shard(0, 1, config(sim, Compression.NONE).build(), NO_WAIT);
			try (Running r = start(shard)) {
				await().atMost(Duration.ofSeconds(5)).until(() -> shard.state() == ShardState.CONNECTED);
				shard.outbound().beforeQueueing = () -> {
					shard.outbound().beforeQueueing = null;
					new Thread(() -> shard.shutdown().block(Duration.ofSeconds(10))).start();
					try {
						await().atMost(Duration.ofSeconds(1)).until(() -> shard.state().isTerminal());
					}
					catch (org.awaitility.core.ConditionTimeoutException ex) {
						// the shard holds the shutdown back until the payload is queued: the fixed behaviour
					}
				};
				java.util.concurrent.CompletableFuture<Void> result = shard.sendPayload("{\"op\":4,\"d\":{}}")
					.toFuture();
				await().atMost(Duration.ofSeconds(10)).until(result::isDone);
				await().atMost(Duration.ofSeconds(10)).until(() -> shard.state().isTerminal());
			}
		}
	}

}
