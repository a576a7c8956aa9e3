package dev.shard.gateway;

import dev.shard.gateway.Fleet.Delivered;
import dev.shard.gateway.Fleet.RecordingSink;
import dev.shard.gateway.Fleet.SinkBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.ShutdownMode;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault matrix, hand-over part (one process; the Redis hand-over between two instances is in
 * {@link RedisHandOverTests}): what a checkpoint records and when it may be resumed, a restarted shard keeping its
 * order while the old buffer still delivers, and a graceful shutdown delivering what was buffered.
 */
class SessionHandOverTests {

	private static final long INTENTS = 513;

	/** One shard connects after another: their identifies are spaced like a real bot's. */
	private final InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, Fleet.LIMITER_WINDOW);

	private static ShardConfig config(GatewaySimulator sim, long intents) {
		return Fleet.baseConfig(sim.gatewayUrl()).intents(intents).build();
	}

	/** Connects shard 3/16, streams, and returns its checkpoint after a resumable close. */
	private SessionInfo checkpointOfShard3Of16(GatewaySimulator sim) throws Exception {
		Shard shard = new Shard(3, 16, config(sim, INTENTS), this.limiter);
		RecordingSink sink = new RecordingSink(SinkBehaviour.NORMAL);
		Disposable run = shard.run(sink).subscribe(null, (ex) -> {
		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
			sim.dispatch("MESSAGE_CREATE", 5, 3, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sink.count("MESSAGE_CREATE") == 5
						&& shard.session().map(SessionInfo::sequence).orElse(-1L) == shard.sequence().getAsLong());
			shard.shutdown(ShutdownMode.RESUMABLE).block(Duration.ofSeconds(10));
			return shard.session().orElseThrow();
		}
		finally {
			run.dispose();
		}
	}

	/** Starts a shard from {@code saved} and tells whether its first connection resumed (else it identified). */
	private static boolean resumes(GatewaySimulator sim, Shard shard, SessionInfo saved) {
		int identifies = sim.identifies().size();
		int resumes = sim.resumes().size();
		shard.resumeFrom(saved);
		Disposable run = shard.run(new RecordingSink(SinkBehaviour.NORMAL)).subscribe(null, (ex) -> {
		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
			boolean resumed = sim.resumes().size() > resumes;
			assertThat(resumed).as("resumed xor identified").isNotEqualTo(sim.identifies().size() > identifies);
			return resumed;
		}
		finally {
			shard.shutdown().block(Duration.ofSeconds(10));
			run.dispose();
		}
	}

	/**
	 * A session carries the guilds of its shard id of its shard count and the events of its intents: a checkpoint
	 * of shard 3/16 resumed by shard 3/32 would deliver guilds that now belong to shard 19.
	 */
	@Test
	void aCheckpointIsResumedOnlyWithTheSameShardCountAndIntents() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().guilds(64).build().start()) {
			SessionInfo saved = checkpointOfShard3Of16(sim);
			assertThat(saved.shardId()).isEqualTo(3);
			assertThat(saved.shardCount()).isEqualTo(16);
			assertThat(saved.intents()).isEqualTo(INTENTS);

			assertThat(resumes(sim, new Shard(3, 32, config(sim, INTENTS), this.limiter), saved))
				.as("shard 3/32 resumes the session of 3/16").isFalse();
			assertThat(resumes(sim, new Shard(3, 16, config(sim, INTENTS | 1 << 12), this.limiter), saved))
				.as("other intents resume it").isFalse();
			// an old checkpoint that does not say whom it belongs to
			assertThat(resumes(sim, new Shard(3, 16, config(sim, INTENTS), this.limiter),
					new SessionInfo(saved.sessionId(), saved.resumeGatewayUrl(), saved.sequence())))
				.as("a checkpoint without shard count and intents is resumed").isFalse();

			SessionInfo fresh = checkpointOfShard3Of16(sim);
			assertThat(resumes(sim, new Shard(3, 16, config(sim, INTENTS), this.limiter), fresh))
				.as("the same shard count and intents resume it").isTrue();
			assertThat(sim.violations()).isEmpty();
		}
	}

	/**
	 * A restart (actuator, lease re-claim) while the old shard's buffer still holds hundreds of dispatches for a slow
	 * listener: the new shard resumes at the last sequence received and must not deliver before the old buffer has
	 * (both drain on the shard's lane, a batch at a time), so the listener sees every sequence once, in order.
	 */
	@Test
	void aRestartedShardDeliversInOrderAfterTheOldBufferDrained() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			RecordingSink sink = new RecordingSink(new SinkBehaviour(TimeUnit.MILLISECONDS.toNanos(2), 0, 0));
			ShardManager manager = ShardManager
				.builder(Fleet.baseConfig(sim.gatewayUrl()).eventBufferSize(4096).build())
				.totalShards(1)
				.identifyLimiter(Fleet.NO_WAIT)
				.sink(sink)
				.build();
			try {
				manager.start().block(Duration.ofSeconds(10));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> manager.shard(0).map(Shard::state).orElse(null) == ShardState.CONNECTED);
				Shard old = manager.shard(0).orElseThrow();
				sim.dispatch("MESSAGE_CREATE", 1500, 0, null).get(10, TimeUnit.SECONDS);
				// a backlog of several batches, received but not delivered
				await().atMost(Duration.ofSeconds(10)).until(() -> old.bufferedEvents() >= 600);
				manager.restartShard(0).block(Duration.ofSeconds(10));
				await().atMost(Duration.ofSeconds(10)).until(() -> manager.shard(0)
					.filter((s) -> s != old && s.state() == ShardState.CONNECTED)
					.isPresent());
				sim.dispatch("MESSAGE_CREATE", 100, 0, null).get(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> !sink.delivered.isEmpty()
							&& sink.delivered.stream().mapToLong(Delivered::seq).max().getAsLong() >= sim.lastSequence(0));

				List<Delivered> got = sink.delivered;
				for (int i = 0; i < got.size(); i++) {
					assertThat(got.get(i).seq()).as("delivery %d (of %d)", i, got.size()).isEqualTo(i + 1L);
				}
				assertThat(got).hasSize((int) sim.lastSequence(0));
				assertThat(sink.duplicates.get()).isZero();
				assertThat(sink.maxConcurrent.get()).isEqualTo(1);
				assertThat(sim.resumes()).singleElement()
					.satisfies((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
				assertThat(sim.violations()).isEmpty();
			}
			finally {
				manager.shutdown().block(Duration.ofSeconds(30));
			}
		}
	}

	/**
	 * The delivery threads are daemons: a graceful stop that returned while dispatches were still buffered would
	 * let the process exit with them undelivered. The stop waits (bounded) until the listener has them all, and the
	 * session handed over carries that last delivered sequence.
	 */
	@Test
	void aGracefulStopReturnsOnlyOnceTheBufferDelivered() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			RecordingSink sink = new RecordingSink(new SinkBehaviour(TimeUnit.MILLISECONDS.toNanos(2), 0, 0));
			ShardManager manager = ShardManager.builder(Fleet.baseConfig(sim.gatewayUrl()).build())
				.totalShards(2)
				.identifyLimiter(Fleet.NO_WAIT)
				.managedExternally()
				.sink(sink)
				.build();
			manager.start().block(Duration.ofSeconds(10));
			manager.startShard(1).block(Duration.ofSeconds(10));
			Shard shard = manager.shard(1).orElseThrow();
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
			sim.dispatch("MESSAGE_CREATE", 800, 1, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.bufferedEvents() >= 200);

			SessionInfo handedOver = manager.releaseShard(1).block(Duration.ofSeconds(30));
			long received = shard.sequence().orElseThrow();
			long delivered = sink.delivered.stream().mapToLong(Delivered::seq).max().orElse(0);
			assertThat(shard.bufferedEvents()).isZero();
			assertThat(delivered).as("delivered when the release returned").isEqualTo(received);
			assertThat(handedOver.sequence()).isEqualTo(delivered);
			manager.shutdown().block(Duration.ofSeconds(10));
			List<SimulatorLog.Violation> violations = sim.violations();
			assertThat(violations).isEmpty();
		}
	}


	/**
	 * When the drain takes longer than allowed, what leaves the process is the last sequence <em>delivered</em>, so
	 * the next owner's resume replays what was received but not delivered (at-least-once across owners) instead of
	 * skipping it.
	 */
	@Test
	void aReleaseThatTimesOutHandsOverTheLastDeliveredSequence() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			RecordingSink sink = new RecordingSink(new SinkBehaviour(TimeUnit.MILLISECONDS.toNanos(2), 0, 0));
			ShardManager manager = ShardManager.builder(Fleet.baseConfig(sim.gatewayUrl()).build())
				.totalShards(1)
				.identifyLimiter(Fleet.NO_WAIT)
				.managedExternally()
				.drainTimeout(Duration.ZERO)
				.sink(sink)
				.build();
			manager.start().block(Duration.ofSeconds(10));
			manager.startShard(0).block(Duration.ofSeconds(10));
			Shard shard = manager.shard(0).orElseThrow();
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
			sim.dispatch("MESSAGE_CREATE", 800, 0, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.bufferedEvents() >= 200);

			SessionInfo handedOver = manager.releaseShard(0).block(Duration.ofSeconds(10));
			long received = shard.sequence().orElseThrow();
			assertThat(handedOver.sequence()).as("handed over at").isLessThan(received);
			// every sequence up to the hand-over point had been delivered
			List<Long> delivered = sink.delivered.stream().map(Delivered::seq).toList();
			assertThat(delivered).as("delivered").contains(handedOver.sequence());
			assertThat(delivered.subList(0, (int) handedOver.sequence()))
				.isEqualTo(java.util.stream.LongStream.rangeClosed(1, handedOver.sequence()).boxed().toList());
			manager.shutdown().block(Duration.ofSeconds(30));
		}
	}

	/** The Spring lifecycle's stop path: {@code ShardManager.shutdown} returns once the listener had everything. */
	@Test
	void aShutdownReturnsOnlyOnceTheBuffersDelivered() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			RecordingSink sink = new RecordingSink(new SinkBehaviour(TimeUnit.MILLISECONDS.toNanos(2), 0, 0));
			ShardManager manager = ShardManager.builder(Fleet.baseConfig(sim.gatewayUrl()).build())
				.totalShards(1)
				.identifyLimiter(Fleet.NO_WAIT)
				.sink(sink)
				.build();
			manager.start().block(Duration.ofSeconds(10));
			Shard shard = manager.shard(0).orElseThrow();
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.state() == ShardState.CONNECTED);
			sim.dispatch("MESSAGE_CREATE", 800, 0, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> shard.bufferedEvents() >= 200);

			manager.shutdown(ShutdownMode.RESUMABLE).block(Duration.ofSeconds(30));
			assertThat(shard.bufferedEvents()).isZero();
			assertThat(sink.delivered.stream().mapToLong(Delivered::seq).max().orElse(0))
				.isEqualTo(shard.sequence().orElseThrow());
			assertThat(shard.session().orElseThrow().sequence()).isEqualTo(shard.sequence().orElseThrow());
		}
	}
}
