package dev.shard.gateway;

import dev.shard.gateway.Fleet.Delivered;
import dev.shard.gateway.Fleet.Member;
import dev.shard.gateway.Fleet.SinkBehaviour;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.shard.gateway.AuthenticationFailedException;
import dev.shard.gateway.DisallowedIntentsException;
import dev.shard.gateway.GatewayException;
import dev.shard.gateway.InvalidApiVersionException;
import dev.shard.gateway.InvalidIntentsException;
import dev.shard.gateway.InvalidShardException;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.ShardingRequiredException;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorBackdoor;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault matrix: four shards with zlib-stream sharing one identify limiter, against the simulator, while
 * events stream. Each case injects one fault mid-stream, lets the shards recover, streams again, and then
 * checks from the simulator's record and the sinks that every dispatch was delivered exactly once and in order per
 * session, that no identify window was breached and no rule broken (4008 included), that exactly the identifies
 * the fault requires were spent, and that fatal codes stop every shard with the precise exception.
 * <p>
 * The rest of the matrix: {@code DOWN} health per fatal code in {@link FatalCloseHealthTests}, {@code /gateway/bot}
 * failures and refused connections of a shard manager in {@link ShardManagerFaultTests}.
 */
class FaultMatrixTests {

	static final int SHARDS = 4;

	static final int STREAM = 300;

	static final double RATE = 600.0;

	static final int AFTER = 100;

	private static int threadsBefore;

	/** What a fault must lead to. */
	enum Effect {

		/** No reconnect at all. */
		NONE,

		/** Every shard reconnects and resumes; no identify. */
		RESUME,

		/** No identify; a reconnect may or may not happen (depends on where the fault lands). */
		NO_IDENTIFY,

		/** Every shard drops its session and identifies once more. */
		NEW_SESSION,

		/** Every shard stops with the scenario's exception; nothing reconnects. */
		FATAL

	}

	record Scenario(String name, Effect effect, Consumer<Fleet> fault, Consumer<Fleet> recover,
			Class<? extends GatewayException> fatal, UnaryOperator<ShardConfig.Builder> config, SinkBehaviour sink,
			int extraIdentifiesMax) {

		Scenario(String name, Effect effect, Consumer<Fleet> fault) {
			this(name, effect, fault, (f) -> {
			}, null, UnaryOperator.identity(), SinkBehaviour.NORMAL, 0);
		}

		Scenario withRecover(Consumer<Fleet> r) {
			return new Scenario(this.name, this.effect, this.fault, r, this.fatal, this.config, this.sink,
					this.extraIdentifiesMax);
		}

		Scenario withConfig(UnaryOperator<ShardConfig.Builder> c) {
			return new Scenario(this.name, this.effect, this.fault, this.recover, this.fatal, c, this.sink,
					this.extraIdentifiesMax);
		}

		Scenario withSink(SinkBehaviour s) {
			return new Scenario(this.name, this.effect, this.fault, this.recover, this.fatal, this.config, s,
					this.extraIdentifiesMax);
		}

		Scenario fatal(Class<? extends GatewayException> type) {
			return new Scenario(this.name, Effect.FATAL, this.fault, this.recover, type, this.config, this.sink,
					this.extraIdentifiesMax);
		}

		Scenario allowExtraIdentifies(int n) {
			return new Scenario(this.name, this.effect, this.fault, this.recover, this.fatal, this.config, this.sink,
					n);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Scenario> scenarios() {
		List<Scenario> s = new ArrayList<>();
		s.add(new Scenario("op 7 reconnect", Effect.RESUME, (f) -> f.sim.reconnect(null)));
		s.add(new Scenario("op 9 resumable", Effect.RESUME, (f) -> f.sim.invalidate(null, true)));
		s.add(new Scenario("op 9 not resumable", Effect.NEW_SESSION, (f) -> f.sim.invalidate(null, false)));
		// close codes, with the action Discord prescribes
		// (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes),
		// written out independently of the core's CloseCode table so that a wrong entry there fails here
		int[] resume = { 4000, 4001, 4002, 4008 };
		int[] newSession = { 4003, 4005, 4006, 4007, 4009 };
		for (int code : resume) {
			s.add(new Scenario("close " + code, Effect.RESUME, (f) -> f.sim.close(null, code)));
		}
		for (int code : newSession) {
			s.add(new Scenario("close " + code, Effect.NEW_SESSION, (f) -> f.sim.close(null, code)));
		}
		Map<Integer, Class<? extends GatewayException>> fatal = Map.of(4004, AuthenticationFailedException.class,
				4010, InvalidShardException.class, 4011, ShardingRequiredException.class, 4012,
				InvalidApiVersionException.class, 4013, InvalidIntentsException.class, 4014,
				DisallowedIntentsException.class);
		fatal.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((e) -> s.add(new Scenario("close " + e.getKey(), Effect.FATAL, (f) -> f.sim.close(null, e.getKey()))
				.fatal(e.getValue())));
		for (int code : new int[] { 1000, 1001, 1006 }) {
			s.add(new Scenario("server close " + code, Effect.RESUME, (f) -> f.sim.close(null, code)));
		}
		s.add(new Scenario("zombie", Effect.RESUME, (f) -> {
			f.sim.zombie(true);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> f.members.stream().allMatch((m) -> !m.events(ShardLifecycleEvent.Zombie.class).isEmpty()));
			f.sim.zombie(false);
		}));
		s.add(new Scenario("tcp drop", Effect.RESUME, (f) -> f.sim.drop(null)));
		s.add(new Scenario("drop right after RESUMED", Effect.RESUME, (f) -> {
			for (Member m : f.members) {
				int id = m.shard.shardId();
				m.shard.lifecycle()
					.ofType(ShardLifecycleEvent.Resumed.class)
					.take(1)
					.subscribe((e) -> f.sim.drop(id));
			}
			f.sim.reconnect(null);
			await().atMost(Duration.ofSeconds(10)).until(() -> f.members.stream()
				.allMatch((m) -> m.events(ShardLifecycleEvent.Resumed.class).size() >= 2));
		}));
		s.add(new Scenario("drop during identify", Effect.NEW_SESSION, (f) -> {
			f.sim.close(null, 4009);
			// the shared limiter spaces the four identifies, so some shard is waiting for (or just sent) its own
			Member m = await().atMost(Duration.ofSeconds(5))
				.until(() -> f.members.stream()
					.filter((x) -> x.shard.state() == ShardState.IDENTIFYING)
					.findFirst()
					.orElse(null), (x) -> x != null);
			f.sim.drop(m.shard.shardId());
		}).allowExtraIdentifies(1));
		// one message that is not a gateway message is skipped on every transport; a corrupt zlib context shows
		// itself as an inflate error, a second bad message in a row or a sequence gap, and only those resume
		// (ConnectionFaultTests: a skipped bad message loses nothing when the session then ends)
		s.add(new Scenario("malformed JSON", Effect.NONE, (f) -> f.sim.sendMalformedJson(null)));
		// back to back on the wire: a streamed dispatch between two separate sends would make them not "in a row"
		s.add(new Scenario("malformed JSON twice in a row", Effect.RESUME, (f) -> f.sim.sendMalformedJson(null, 2)));
		// the half message joins the next one: a zlib error or garbage, either way a resume (not zombie detection)
		s.add(new Scenario("truncated compressed frame", Effect.RESUME, (f) -> f.sim.sendTruncatedFrame(null)));
		s.add(new Scenario("corrupt compressed frame", Effect.RESUME, (f) -> SimulatorBackdoor.sendBinaryFrame(f.sim,
				null, new byte[] { 0x7b, 0x13, (byte) 0xee, 0x42, 0x11, 0x00, 0x00, (byte) 0xff, (byte) 0xff })));
		s.add(new Scenario("unknown opcode", Effect.NONE, (f) -> f.sim.sendUnknownOpcode(null)));
		// from the test thread while the stream runs on the connections' loops (wire order: RegressionTests)
		s.add(new Scenario("unknown dispatch type", Effect.NONE, (f) -> f.sim.dispatchUnknownType(null)));
		s.add(new Scenario("oversized frame", Effect.RESUME, (f) -> f.sim.sendRaw(null, Fleet.oversized(512 * 1024))));
		s.add(new Scenario("decompression bomb", Effect.RESUME,
				(f) -> f.sim.sendDecompressionBomb(null, 8 * 1024 * 1024)));
		s.add(new Scenario("slow listener", Effect.NONE, (f) -> {
		}).withSink(new SinkBehaviour(TimeUnit.MILLISECONDS.toNanos(5), 0, 0))
			.withConfig((c) -> c.eventBufferSize(16)));
		s.add(new Scenario("throwing listener", Effect.NONE, (f) -> {
		}).withSink(new SinkBehaviour(0, 10, 97)));
		s.add(new Scenario("fragmented dispatch", Effect.NONE,
				(f) -> f.sim.dispatchFragmented("MESSAGE_CREATE", 4, null)));
		s.add(new Scenario("server heartbeat request", Effect.NONE, (f) -> f.sim.requestHeartbeat(null)));
		// -Dshard.matrix.only=<part of a name> runs a subset while debugging
		String only = System.getProperty("shard.matrix.only");
		return s.stream().filter((x) -> only == null || x.name().contains(only));
	}

	@BeforeAll
	static void threads() {
		threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
	}

	@AfterAll
	static void processStaysHealthy() {
		// shared Reactor/Netty pools may have grown once; a leak per scenario would show as dozens more
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore + 40);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void survives(Scenario scenario) throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start();
				Fleet fleet = new Fleet(sim, SHARDS, scenario.config(), scenario.sink()).start()) {
			await().atMost(Duration.ofSeconds(15)).until(fleet::allConnected);
			CompletableFuture<Long> stream = sim.dispatch("MESSAGE_CREATE", STREAM, null, RATE);
			// inject mid-stream, once every shard is receiving
			await().atMost(Duration.ofSeconds(15))
				.until(() -> fleet.members.stream().allMatch((m) -> m.sink.count("MESSAGE_CREATE") >= AFTER));
			scenario.fault().accept(fleet);
			// all written (a session destroyed by op 9 false stops taking them early)
			assertThat(stream.get(30, TimeUnit.SECONDS)).isPositive();
			scenario.recover().accept(fleet);

			if (scenario.effect() == Effect.FATAL) {
				assertFatal(fleet, scenario.fatal());
				assertDelivery(fleet, false);
				assertRules(fleet, SHARDS);
				return;
			}
			await().atMost(Duration.ofSeconds(20)).until(fleet::allConnected);
			// a second stream reaches the sessions that exist after the fault (new ones included)
			assertThat(sim.dispatch("MESSAGE_CREATE", 50, null, null).get(30, TimeUnit.SECONDS)).isPositive();
			fleet.awaitConverged(Duration.ofSeconds(20));
			assertDelivery(fleet, true);
			int identifies = switch (scenario.effect()) {
				case NEW_SESSION -> 2 * SHARDS;
				default -> SHARDS;
			};
			int actual = assertRules(fleet, identifies + scenario.extraIdentifiesMax());
			assertThat(actual).as("identifies").isBetween(identifies, identifies + scenario.extraIdentifiesMax());
			assertEffect(fleet, scenario);
		}
	}

	/** Every shard stopped with exactly {@code type}, FATALLY_CLOSED, and nothing reconnects. */
	private void assertFatal(Fleet fleet, Class<? extends GatewayException> type) {
		await().atMost(Duration.ofSeconds(10)).until(() -> fleet.members.stream().allMatch(Member::terminated));
		for (Member m : fleet.members) {
			assertThat(m.shard.state()).as("state of shard %d", m.shard.shardId()).isEqualTo(ShardState.FATALLY_CLOSED);
			assertThat(m.error.get()).as("run() error of shard %d", m.shard.shardId()).isExactlyInstanceOf(type);
			assertThat(m.shard.failure()).get().isSameAs(m.error.get());
			assertThat(m.error.get().getMessage()).doesNotContain(Fleet.TOKEN);
			assertThat(m.events(ShardLifecycleEvent.FatallyClosed.class)).hasSize(1);
		}
		int connections = fleet.sim.log().connections().size();
		assertThat(connections).isEqualTo(SHARDS);
		// never spin on a fatal code: still no new connection a while later
		await().during(Duration.ofMillis(600))
			.atMost(Duration.ofSeconds(2))
			.until(() -> fleet.sim.log().connections().size() == SHARDS);
	}

	/**
	 * Exactly once, in order, per session: each session's deliveries are 1, 2, 3... with no gap and no repeat; the
	 * current session's equal what the simulator dispatched to it; an abandoned session's are a prefix of it.
	 */
	static void assertDelivery(Fleet fleet, boolean currentComplete) {
		for (Member m : fleet.members) {
			int shard = m.shard.shardId();
			assertThat(m.sink.duplicates.get()).as("duplicates on shard %d", shard).isZero();
			assertThat(m.sink.maxConcurrent.get()).as("concurrent sink calls on shard %d", shard).isEqualTo(1);
			String current = m.sink.currentSession();
			for (Map.Entry<String, List<Delivered>> e : m.sink.bySession().entrySet()) {
				List<Delivered> got = e.getValue();
				for (int i = 0; i < got.size(); i++) {
					assertThat(got.get(i).seq()).as("shard %d session %s delivery %d", shard, e.getKey(), i)
						.isEqualTo(i + 1L);
				}
				List<Delivered> sent = fleet.simulatorView(shard, e.getKey());
				if (sent.isEmpty()) {
					continue; // destroyed in the simulator (op 9 false): nothing left to compare with
				}
				if (currentComplete && e.getKey().equals(current)) {
					assertThat(got).as("shard %d current session", shard).isEqualTo(sent);
				}
				else {
					assertThat(sent.subList(0, Math.min(got.size(), sent.size())))
						.as("shard %d session %s is a prefix of what was sent", shard, e.getKey())
						.isEqualTo(got);
				}
			}
		}
	}

	/** No rule broken (4008, identify bucket, heartbeat deadline...); identifies spaced by the window. */
	static int assertRules(Fleet fleet, int maxIdentifies) {
		SimulatorLog log = fleet.sim.log();
		assertThat(log.violations()).as("simulator violations").isEmpty();
		List<SimulatorLog.Identify> identifies = new ArrayList<>(log.identifies());
		identifies.sort((a, b) -> a.time().compareTo(b.time()));
		for (int i = 1; i < identifies.size(); i++) {
			Instant prev = identifies.get(i - 1).time();
			Instant next = identifies.get(i).time();
			assertThat(Duration.between(prev, next)).as("gap between identify %d and %d", i - 1, i)
				.isGreaterThanOrEqualTo(Fleet.SIM_IDENTIFY_WINDOW);
		}
		assertThat(identifies).as("identifies").hasSizeLessThanOrEqualTo(maxIdentifies);
		for (SimulatorLog.Connection c : log.connections()) {
			if (c.close() != null && "client".equals(c.close().by())) {
				assertThat(c.close().code()).as("client close code").isNotIn(1000, 1001, 4008);
			}
		}
		assertThat(fleet.limiter.queued()).as("waiters left in the identify limiter").isZero();
		return identifies.size();
	}

	private void assertEffect(Fleet fleet, Scenario scenario) {
		SimulatorLog log = fleet.sim.log();
		for (Member m : fleet.members) {
			int shard = m.shard.shardId();
			assertThat(m.error.get()).as("run() of shard %d", shard).isNull();
			long resumed = log.resumes()
				.stream()
				.filter((r) -> "RESUMED".equals(r.outcome()) && m.sink.bySession().containsKey(r.sessionId()))
				.count();
			switch (scenario.effect()) {
				case NONE -> {
					assertThat(m.shard.reconnectCount()).as("reconnects of shard %d", shard).isZero();
					assertThat(m.events(ShardLifecycleEvent.Zombie.class)).isEmpty();
				}
				case RESUME -> {
					assertThat(resumed).as("RESUMED sessions of shard %d", shard).isPositive();
					assertThat(m.sink.bySession()).as("sessions of shard %d", shard).hasSize(1);
				}
				case NO_IDENTIFY -> assertThat(m.sink.bySession()).hasSize(1);
				case NEW_SESSION -> assertThat(m.sink.bySession()).as("sessions of shard %d", shard).hasSize(2);
				default -> {
				}
			}
			if (!scenario.name().equals("zombie")) {
				// every other fault is noticed for what it is, not rescued by zombie detection
				assertThat(m.events(ShardLifecycleEvent.Zombie.class)).as("zombie events of shard %d", shard).isEmpty();
			}
		}
		if (scenario.effect() == Effect.NONE) {
			assertThat(log.connections()).hasSize(SHARDS);
		}
		if (scenario.name().equals("unknown dispatch type")) {
			assertThat(fleet.members).allMatch((m) -> m.sink.count("GUILD_JOIN_REQUEST_UPDATE") == 1);
		}
		if (scenario.name().equals("fragmented dispatch")) {
			assertThat(fleet.members).allMatch((m) -> m.sink.count("MESSAGE_CREATE") == STREAM + 50 + 1);
		}
	}

}
