package dev.shard.gateway;

import dev.shard.gateway.Fleet.Member;
import dev.shard.gateway.Fleet.SinkBehaviour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.ShutdownMode;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorBackdoor;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection faults of issue #16 that a shard must come through on its own, each against the simulator (or a bare
 * loopback socket where the simulator cannot play the fault); each failed before its fix.
 */
class ConnectionFaultTests {

	/** How a {@code resume_gateway_url} is dead. */
	enum DeadUrl {

		/** Nothing listens: the connect is refused. */
		REFUSED,

		/** TCP is accepted, the WebSocket upgrade never answered. */
		SILENT

	}

	/**
	 * READY names a resume URL that is dead. After two failed attempts on it the shard resumes through the main
	 * gateway URL: the same session, no IDENTIFY, every dispatch (those sent while it was away included) delivered
	 * exactly once.
	 */
	@ParameterizedTest
	@EnumSource(DeadUrl.class)
	void aDeadResumeUrlIsDroppedAndTheSessionResumesThroughTheMainUrl(DeadUrl dead) throws Exception {
		try (SilentServer silent = new SilentServer();
				GatewaySimulator sim = Fleet.simulator().build().start()) {
			String deadUrl = (dead == DeadUrl.REFUSED) ? SilentServer.refusedUrl() : silent.url();
			sim.advertiseResumeGatewayUrl(deadUrl);
			try (Fleet fleet = new Fleet(sim, 1, (c) -> c.helloTimeout(Duration.ofSeconds(1)), SinkBehaviour.NORMAL)
				.start()) {
				await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
				sim.dispatch("MESSAGE_CREATE", 100, null, null).get(10, TimeUnit.SECONDS);
				fleet.awaitConverged(Duration.ofSeconds(10));
				Member m = fleet.member(0);
				String session = m.sink.currentSession();
				sim.drop(0);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> !m.events(ShardLifecycleEvent.Reconnecting.class).isEmpty());
				// sent while the shard is away: only a resume can bring them
				for (int i = 0; i < 50; i++) {
					sim.dispatchRaw("MESSAGE_CREATE", "{\"id\":\"" + (1000 + i) + "\",\"content\":\"away\"}", 0);
				}
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !m.events(ShardLifecycleEvent.Resumed.class).isEmpty());
				fleet.awaitConverged(Duration.ofSeconds(10));
				assertThat(m.sink.currentSession()).isEqualTo(session);
				assertThat(sim.identifies()).hasSize(1);
				List<SimulatorLog.Resume> resumes = sim.resumes();
				assertThat(resumes).hasSize(1);
				assertThat(resumes.get(0).outcome()).isEqualTo("RESUMED");
				assertThat(resumes.get(0).resumeUrl()).as("resumed on the main port").isFalse();
				assertThat(m.sink.count("MESSAGE_CREATE")).isEqualTo(150);
				assertThat(m.sink.duplicates.get()).isZero();
				assertThat(sim.log().violations()).isEmpty();
				if (dead == DeadUrl.SILENT) {
					assertThat(silent.accepted()).isEqualTo(2);
				}
			}
		}
	}

	/**
	 * A session whose connection ended longer ago than the resume window is not resumed (Discord would answer op 9):
	 * the shard identifies. Here the resume URL swallows the first attempt for a whole Hello timeout (1 s), longer
	 * than the 500 ms window, so the next attempt identifies on the main URL without ever sending RESUME.
	 */
	@Test
	void aSessionDisconnectedLongerThanTheResumeWindowIdentifies() throws Exception {
		try (SilentServer silent = new SilentServer();
				GatewaySimulator sim = Fleet.simulator().build().start()) {
			sim.advertiseResumeGatewayUrl(silent.url());
			try (Fleet fleet = new Fleet(sim, 1,
					(c) -> c.helloTimeout(Duration.ofSeconds(1)).sessionResumeWindow(Duration.ofMillis(500)),
					SinkBehaviour.NORMAL)
				.start()) {
				await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
				Member m = fleet.member(0);
				sim.drop(0);
				await().atMost(Duration.ofSeconds(15)).until(() -> sim.identifies().size() == 2 && fleet.allConnected());
				assertThat(silent.accepted()).isEqualTo(1);
				assertThat(sim.resumes()).isEmpty();
				assertThat(m.events(ShardLifecycleEvent.Ready.class)).hasSize(2);
			}
		}
	}

	/**
	 * The same window applies to a saved session: a checkpoint saved longer ago than the window identifies, a fresh
	 * one resumes.
	 */
	@ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(booleans = { true, false })
	void aSavedSessionOlderThanTheResumeWindowIdentifies(boolean old) throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			ShardConfig config = Fleet.baseConfig(sim.gatewayUrl()).sessionResumeWindow(Duration.ofMinutes(1)).build();
			Member first = new Member(new Shard(0, 1, config, Fleet.NO_WAIT), new Fleet.RecordingSink(SinkBehaviour.NORMAL));
			first.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> first.shard.state() == ShardState.CONNECTED);
			await().atMost(Duration.ofSeconds(10)).until(() -> first.shard.session().isPresent());
			first.shard.shutdown(ShutdownMode.RESUMABLE).block(Duration.ofSeconds(10));
			dev.shard.gateway.SessionInfo saved = first.shard.session().orElseThrow()
				.withSavedAt(old ? Instant.now().minus(Duration.ofMinutes(2)) : Instant.now());
			Member second = new Member(new Shard(0, 1, config, Fleet.NO_WAIT).resumeFrom(saved),
					new Fleet.RecordingSink(SinkBehaviour.NORMAL));
			second.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> second.shard.state() == ShardState.CONNECTED);
				// an IDENTIFY the simulator's window refused (op 9, the limiter here does not wait) is not the point
				assertThat(sim.identifies()).filteredOn((i) -> "READY".equals(i.outcome())).hasSize(old ? 2 : 1);
				assertThat(sim.resumes()).hasSize(old ? 0 : 1);
			}
			finally {
				second.close();
			}
		}
	}

	/**
	 * A peer that accepts TCP and never answers the WebSocket upgrade: the Hello timeout runs from the start of the
	 * connect, so the shard gives up on it and tries again instead of waiting for ever.
	 */
	@Test
	void aPeerThatNeverAnswersTheUpgradeTimesOut() throws Exception {
		try (SilentServer silent = new SilentServer()) {
			ShardConfig config = Fleet.baseConfig(silent.url()).helloTimeout(Duration.ofMillis(500)).build();
			Member m = new Member(new Shard(0, 1, config, Fleet.NO_WAIT), new Fleet.RecordingSink(SinkBehaviour.NORMAL));
			m.start();
			try {
				await().atMost(Duration.ofSeconds(15)).until(() -> silent.accepted() >= 3);
				assertThat(m.events(ShardLifecycleEvent.Reconnecting.class)).isNotEmpty()
					.allMatch((e) -> e.cause() == ReconnectCause.TIMEOUT);
				assertThat(m.events(ShardLifecycleEvent.Connected.class)).isEmpty();
			}
			finally {
				m.close();
			}
			assertThat(m.shard.state()).isEqualTo(ShardState.SHUT_DOWN);
		}
	}

	/**
	 * One message that is not JSON, at once followed by a stream of dispatches and a close that ends the session
	 * (4009: nothing can be resumed). The bad message is skipped; every dispatch the gateway sent before the close
	 * is delivered. Before, on a compressed connection, everything after the bad message was thrown away to
	 * resume, and the resume could not bring it back.
	 */
	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "ZLIB_STREAM", "NONE" })
	void aMalformedMessageIsSkippedAndLosesNothingWhenTheSessionThenEnds(Compression compression) throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start();
				Fleet fleet = new Fleet(sim, 1, (c) -> c.compression(compression), SinkBehaviour.NORMAL).start()) {
			await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
			sim.dispatch("MESSAGE_CREATE", 50, null, null).get(10, TimeUnit.SECONDS);
			fleet.awaitConverged(Duration.ofSeconds(10));
			Member m = fleet.member(0);
			String first = m.sink.currentSession();
			List<Fleet.Delivered> sent = SimulatorBackdoor.garbageThenDispatchesThenSessionEnd(sim, 0, 375, 4009)
				.get(10, TimeUnit.SECONDS)
				.stream()
				.map((d) -> new Fleet.Delivered(d.sessionId(), d.seq(), d.type()))
				.toList();
			await().atMost(Duration.ofSeconds(15)).until(() -> sim.identifies().size() == 2 && fleet.allConnected());
			fleet.awaitConverged(Duration.ofSeconds(10));
			assertThat(sent).hasSizeGreaterThan(50 + 375);
			assertThat(m.sink.bySession().get(first)).as("the first session, as delivered").isEqualTo(sent);
			assertThat(m.sink.duplicates.get()).isZero();
			assertThat(m.shard.lastCloseCode()).hasValue(4009);
		}
	}

	/**
	 * The gateway's op 1 asks for a beat at once. With a round trip longer than the time to the next timer beat,
	 * the answer to op 1 was still unacknowledged when the timer fired, and the shard took that for a zombie; the
	 * round trip it could measure was the wrong beat's. Here every ACK takes 200 ms and the interval is 400 ms; op 1
	 * comes about 300 ms after a timer beat (after that beat's ACK, before the next beat): no zombie, and the
	 * last measured round trip is at least the ACK delay.
	 */
	@Test
	void serverHeartbeatRequestsOnASlowConnectionAreNoZombie() throws Exception {
		Duration ackDelay = Duration.ofMillis(200);
		try (GatewaySimulator sim = Fleet.simulator().build().start();
				Fleet fleet = new Fleet(sim, 1, (c) -> c, SinkBehaviour.NORMAL).start()) {
			await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
			sim.ackDelay(ackDelay);
			Member m = fleet.member(0);
			for (int round = 0; round < 5; round++) {
				int i = round;
				// line up on the timer: the request goes out ~300 ms after a timer beat arrived
				Instant beat = nextTimerBeat(sim, 0);
				await().pollInterval(Duration.ofMillis(5))
					.atMost(Duration.ofSeconds(2))
					.until(() -> Instant.now().isAfter(beat.plusMillis(300)));
				sim.requestHeartbeat(0);
				await().atMost(Duration.ofSeconds(2))
					.until(() -> requestedBeats(sim, 0) > i && lastTimerBeat(sim, 0).isAfter(beat.plusMillis(350)));
			}
			// the last request's ACK comes after the next timer beat
			Instant last = lastTimerBeat(sim, 0);
			await().atMost(Duration.ofSeconds(3)).until(() -> nextAfter(sim, 0, last));
			assertThat(m.events(ShardLifecycleEvent.Zombie.class)).isEmpty();
			assertThat(m.shard.reconnectCount()).isZero();
			assertThat(requestedBeats(sim, 0)).isGreaterThanOrEqualTo(5);
			// the last round trip is its own beat's (the average also holds beats from before the delay)
			assertThat(m.shard.latency()).hasValueSatisfying((l) -> assertThat(l).isGreaterThanOrEqualTo(ackDelay));
		}
	}

	private static SimulatorLog.Connection lastConnection(GatewaySimulator sim, int shard) {
		List<SimulatorLog.Connection> all = sim.log().connections();
		return all.get(all.size() - 1);
	}

	private static Instant lastTimerBeat(GatewaySimulator sim, int shard) {
		return lastConnection(sim, shard).heartbeats()
			.stream()
			.filter((h) -> !h.requested())
			.map(SimulatorLog.Heartbeat::time)
			.reduce(Instant.MIN, (a, b) -> b);
	}

	private static boolean nextAfter(GatewaySimulator sim, int shard, Instant after) {
		return lastTimerBeat(sim, shard).isAfter(after);
	}

	/** Waits for the next timer beat to arrive and returns its arrival time. */
	private static Instant nextTimerBeat(GatewaySimulator sim, int shard) {
		Instant before = lastTimerBeat(sim, shard);
		await().pollInterval(Duration.ofMillis(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> nextAfter(sim, shard, before));
		return lastTimerBeat(sim, shard);
	}

	private static long requestedBeats(GatewaySimulator sim, int shard) {
		return lastConnection(sim, shard).heartbeats().stream().filter(SimulatorLog.Heartbeat::requested).count();
	}

	/**
	 * The event buffer is full across a reconnect: the new connection reads Hello, sends RESUME, and then pauses,
	 * so RESUMED sits unread. The READY/RESUMED timeout used to fire regardless and reconnect, into the same full
	 * buffer, again and again. It now waits while reads are paused, and the one resume completes once the listener
	 * moves on.
	 */
	@Test
	void theResumedTimeoutWaitsWhileReadsArePaused() throws Exception {
		CountDownLatch gate = new CountDownLatch(1);
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			ShardConfig config = Fleet.baseConfig(sim.gatewayUrl())
				.eventBufferSize(8)
				.readyTimeout(Duration.ofMillis(500))
				.build();
			GatedSink sink = new GatedSink(gate);
			Member m = new Member(new Shard(0, 1, config, Fleet.NO_WAIT), sink);
			m.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> m.shard.state() == ShardState.CONNECTED);
				sim.dispatch("MESSAGE_CREATE", 100, null, null).get(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(5)).until(() -> m.shard.bufferedEvents() >= 8);
				m.shard.reconnect().block();
				await().atMost(Duration.ofSeconds(10)).until(() -> !sim.resumes().isEmpty());
				// four READY/RESUMED timeouts' worth: a shard that closes on the timeout resumes again in that time
				await().during(Duration.ofSeconds(2))
					.atMost(Duration.ofSeconds(4))
					.until(() -> sim.resumes().size() == 1);
				gate.countDown();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> m.shard.state() == ShardState.CONNECTED && sink.count("MESSAGE_CREATE") == 100);
				assertThat(sim.resumes()).hasSize(1);
				assertThat(sim.identifies()).hasSize(1);
				assertThat(sink.duplicates.get()).isZero();
			}
			finally {
				gate.countDown();
				m.close();
			}
		}
	}

	/** Holds every MESSAGE_CREATE until the gate opens. */
	static final class GatedSink extends Fleet.RecordingSink {

		private final CountDownLatch gate;

		GatedSink(CountDownLatch gate) {
			super(SinkBehaviour.NORMAL);
			this.gate = gate;
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			if ("MESSAGE_CREATE".equals(dispatch.type())) {
				try {
					this.gate.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.onDispatch(dispatch);
		}

	}

	/** How a final shutdown finds the shard. */
	enum Between {

		/** Waiting out the backoff after the connection dropped. */
		BACKOFF,

		/** A resumable close (a requested reconnect) is under way. */
		RESUMABLE_CLOSE

	}

	/**
	 * A final shutdown must end the session at Discord, with 1000, even when it finds the shard between
	 * connections: otherwise the session lingers (the bot shows online) until Discord times it out. The shard
	 * resumes the session only to close it.
	 */
	@ParameterizedTest
	@EnumSource(Between.class)
	void aFinalShutdownBetweenConnectionsStillEndsTheSession(Between between) throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			ShardConfig config = Fleet.baseConfig(sim.gatewayUrl())
				.reconnectBackoff(new ShardConfig.Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60), 2.0))
				.build();
			Member m = new Member(new Shard(0, 1, config, Fleet.NO_WAIT), new Fleet.RecordingSink(SinkBehaviour.NORMAL));
			m.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> m.shard.state() == ShardState.CONNECTED);
				String session = sim.sessionIds().get(0);
				if (between == Between.BACKOFF) {
					sim.drop(0);
					await().atMost(Duration.ofSeconds(5))
						.until(() -> m.shard.state() == ShardState.RECONNECTING && sim.log()
							.connections()
							.stream()
							.noneMatch(SimulatorLog.Connection::open));
				}
				else {
					m.shard.reconnect().block();
				}
				m.shard.shutdown(ShutdownMode.FINAL).block(Duration.ofSeconds(15));
				assertThat(m.shard.state()).isEqualTo(ShardState.SHUT_DOWN);
				// the gateway takes the close frame on its own time
				await().atMost(Duration.ofSeconds(5)).until(() -> !sim.sessionIds().contains(session));
				assertThat(sim.log().connections()).anySatisfy((c) -> {
					assertThat(c.close()).isNotNull();
					assertThat(c.close().by()).isEqualTo("client");
					assertThat(c.close().code()).isEqualTo(1000);
				});
				assertThat(sim.identifies()).hasSize(1);
				assertThat(m.events(ShardLifecycleEvent.Ready.class)).hasSize(1);
			}
			finally {
				m.close();
			}
		}
	}

}
