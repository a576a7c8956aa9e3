package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.connection;
import static dev.shard.gateway.ShardTestSupport.connections;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** Connect, identify, READY, heartbeats and dispatch delivery against the simulator, per transport. */
class ShardConnectionTests {

	@ParameterizedTest
	@EnumSource(Compression.class)
	void identifiesThenDeliversReadyAndDispatchesInOrder(Compression compression) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).intents(513).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			assertThat(r.events(ShardLifecycleEvent.Ready.class)).hasSize(1);
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("GUILD_CREATE") == 3);
			sim.dispatch("MESSAGE_CREATE", 50, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("MESSAGE_CREATE") == 50);

			SimulatorLog.Connection c = connection(sim, 0);
			String expected = switch (compression) {
				case NONE -> "none";
				case ZLIB_STREAM -> "zlib-stream";
				case ZSTD_STREAM -> "zstd-stream";
			};
			assertThat(c.compress()).isEqualTo(expected);
			assertThat(c.query()).contains("v=10").contains("encoding=json");
			assertThat(c.identify()).isNotNull();
			assertThat(c.identify().shardId()).isZero();
			assertThat(c.identify().shardCount()).isEqualTo(1);
			assertThat(c.identify().intents()).isEqualTo(513);
			assertThat(c.identify().outcome()).isEqualTo("READY");
			assertThat(c.violations()).isEmpty();

			// READY first, then every dispatch exactly once, in sequence order with no gaps
			List<GatewayDispatch> all = new ArrayList<>(r.sink.dispatches);
			assertThat(all.get(0).type()).isEqualTo("READY");
			List<Long> seqs = all.stream().map(GatewayDispatch::sequence).toList();
			List<Long> expectedSeqs = new ArrayList<>();
			for (long s = 1; s <= sim.lastSequence(0); s++) {
				expectedSeqs.add(s);
			}
			assertThat(seqs).isEqualTo(expectedSeqs);
			assertThat(r.shard.sequence()).hasValue(sim.lastSequence(0));
			// the frame is the whole envelope and d can be bound lazily
			GatewayDispatch ready = all.get(0);
			assertThat(ready.json()).contains("\"session_id\"");
			assertThat(r.shard.session()).isPresent();
			assertThat(r.shard.session().get().sessionId()).isEqualTo(c.sessionId());
			assertThat(r.shard.session().get().resumeGatewayUrl()).contains(":" + sim.resumePort());
			// delivered off the I/O thread
			assertThat(r.sink.threads).noneMatch((t) -> t.contains("reactor-http"));
		}
	}

	@Test
	void eachConnectionAttemptStartsWithConnectingSayingWhetherItResumes() throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.NONE).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			sim.reconnect(0);
			await().atMost(Duration.ofSeconds(5)).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			List<Class<?>> kinds = r.events.stream().<Class<?>>map(Object::getClass).toList();
			assertThat(kinds).containsSubsequence(ShardLifecycleEvent.Connecting.class,
					ShardLifecycleEvent.Connected.class, ShardLifecycleEvent.Ready.class,
					ShardLifecycleEvent.Reconnecting.class, ShardLifecycleEvent.Connecting.class,
					ShardLifecycleEvent.Connected.class, ShardLifecycleEvent.Resumed.class);
			assertThat(kinds.get(0)).isEqualTo(ShardLifecycleEvent.Connecting.class);
			List<ShardLifecycleEvent.Connecting> attempts = r.events(ShardLifecycleEvent.Connecting.class);
			assertThat(attempts).hasSize(2);
			assertThat(attempts.get(0).resume()).isFalse();
			assertThat(attempts.get(0).url()).startsWith("ws://127.0.0.1:" + sim.port() + "/");
			assertThat(attempts.get(1).resume()).isTrue();
			assertThat(attempts.get(1).url()).contains(":" + sim.resumePort());
		}
	}

	@Test
	void aSinkPreparesWhatArrivesWhileDeliveryIsBehindOnTheIoThreadAndGetsItBackInOrder() throws Exception {
		// guilds 0 and 1 have 2,000 members (over the prepare limit); guild 2 and the messages are far below it
		try (GatewaySimulator sim = simulator().guilds(3).guildMembers(0, 2_000).guildMembers(1, 2_000).build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT),
						new PreparingSink(false))) {
			PreparingSink sink = (PreparingSink) r.sink;
			// the sink holds READY: everything after it arrives while delivery is behind
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.bufferedEvents() == 3);
			sim.dispatch("MESSAGE_CREATE", 500, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.bufferedEvents() == 503);
			sink.ready.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("MESSAGE_CREATE") == 500);

			for (GatewayDispatch d : r.sink.ofType("MESSAGE_CREATE")) {
				if (d.sequence() % 50 == 7) {
					assertThat(sink.prepared).doesNotContainKey(d.sequence());
				}
				else {
					assertThat(sink.prepared.get(d.sequence())).isEqualTo("prepared " + d.sequence());
				}
			}
			assertThat(r.sink.sequences("MESSAGE_CREATE")).isSorted().doesNotHaveDuplicates();
			assertThat(sink.prepareThreads).isNotEmpty().allMatch((t) -> t.contains("reactor-http"));
			assertThat(r.sink.threads).noneMatch((t) -> t.contains("reactor-http"));
			// the large snapshots are never prepared, whatever the state of delivery when they arrived (whether the
			// small one was depends on whether READY's drain had started by then: not asserted)
			List<GatewayDispatch> guilds = r.sink.ofType("GUILD_CREATE");
			assertThat(guilds).hasSize(3);
			List<Long> large = guilds.stream()
				.filter((d) -> d.frame().length > ShardConnection.PREPARE_LIMIT)
				.map(GatewayDispatch::sequence)
				.toList();
			assertThat(large).hasSize(2);
			assertThat(sink.prepared).doesNotContainKeys(large.toArray(Long[]::new));
		}
	}

	@Test
	void whileDeliveryKeepsUpNothingIsPreparedOnTheIoThread() throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.NONE).build(), NO_WAIT),
						new PreparingSink(false))) {
			PreparingSink sink = (PreparingSink) r.sink;
			sink.ready.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("GUILD_CREATE") == 3);
			for (int i = 0; i < 20; i++) {
				long before = r.sink.count("MESSAGE_CREATE");
				sim.dispatch("MESSAGE_CREATE", 1, 0, null).get(5, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("MESSAGE_CREATE") == before + 1);
			}
			for (GatewayDispatch d : r.sink.ofType("MESSAGE_CREATE")) {
				assertThat(sink.prepared).doesNotContainKey(d.sequence());
			}
		}
	}

	@Test
	void aNonBlockingSinkIsNeverAskedToPrepare() throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.NONE).build(), NO_WAIT),
						new PreparingSink(true))) {
			((PreparingSink) r.sink).ready.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("GUILD_CREATE") == 3);
			sim.dispatch("MESSAGE_CREATE", 50, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("MESSAGE_CREATE") == 50);
			assertThat(((PreparingSink) r.sink).prepareThreads).isEmpty();
			assertThat(((PreparingSink) r.sink).prepared).isEmpty();
		}
	}

	/**
	 * Prepares each dispatch with a value naming its sequence (some fail), records what delivery hands back, and
	 * holds READY until {@link #ready} is counted down.
	 */
	static final class PreparingSink extends ShardTestSupport.RecordingSink {

		final CountDownLatch ready = new CountDownLatch(1);

		final Map<Long, Object> prepared = new ConcurrentHashMap<>();

		final List<String> prepareThreads = new CopyOnWriteArrayList<>();

		private final boolean nonBlocking;

		PreparingSink(boolean nonBlocking) {
			this.nonBlocking = nonBlocking;
		}

		@Override
		public Object prepare(GatewayDispatch dispatch) {
			if (this.prepareThreads.size() < 10) {
				this.prepareThreads.add(Thread.currentThread().getName());
			}
			if (dispatch.sequence() % 50 == 7) {
				throw new IllegalStateException("a failing prepare (expected by the test): delivered unprepared");
			}
			return "prepared " + dispatch.sequence();
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch, Object prepared) {
			if (dispatch.type().equals("READY")) {
				try {
					this.ready.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (prepared != null) {
				this.prepared.put(dispatch.sequence(), prepared);
			}
			onDispatch(dispatch);
		}

		@Override
		public boolean nonBlocking() {
			return this.nonBlocking;
		}

	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void heartbeatsCarryTheLastSequenceAndGetAcked(Compression compression) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("GUILD_CREATE") == 3);
			long last = sim.lastSequence(0);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> connection(sim, 0).heartbeats().stream().anyMatch((h) -> Long.valueOf(last).equals(h.d())));
			await().atMost(Duration.ofSeconds(5)).until(() -> connection(sim, 0).heartbeats().size() >= 4);
			List<SimulatorLog.Heartbeat> beats = connection(sim, 0).heartbeats();
			assertThat(beats.subList(0, beats.size() - 1)).allMatch(SimulatorLog.Heartbeat::acked);
			// not a burst: two intervals (600 ms) between beats 1 and 3 (a lower bound; load only adds to it) ...
			Duration span = Duration.between(beats.get(1).time(), beats.get(3).time());
			assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis(400));
			assertThat(r.shard.latency()).isPresent();
			assertThat(r.shard.averageLatency()).isPresent();
			// ... and never late: the simulator records a beat missing its deadline (interval + grace) as a violation
			assertThat(connection(sim, 0).violations()).isEmpty();
		}
	}

	@Test
	void answersAServerHeartbeatRequestAtOnce() {
		// a 10-minute interval: the timer's first (jittered) beat almost never falls inside this test, so a beat the
		// simulator records as answering its pending op 1 is the shard's reply; the wait is a hang guard only
		try (GatewaySimulator sim = simulator().heartbeatInterval(Duration.ofMinutes(10)).build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.shard.state() == ShardState.CONNECTED);
			int before = connection(sim, 0).heartbeats().size();
			sim.requestHeartbeat(0);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> connection(sim, 0).heartbeats().stream().anyMatch(SimulatorLog.Heartbeat::requested));
			assertThat(connection(sim, 0).heartbeats().size()).isGreaterThan(before);
		}
	}

	@Test
	void firstHeartbeatIsJitteredWithinOneInterval() {
		Duration interval = Duration.ofMillis(1000);
		int shards = 6;
		try (GatewaySimulator sim = simulator().heartbeatInterval(interval).build().start()) {
			List<Running> running = new ArrayList<>();
			try {
				for (int i = 0; i < shards; i++) {
					running.add(start(new Shard(i, shards, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT)));
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> connections(sim).size() == shards
							&& connections(sim).stream().allMatch((c) -> !c.heartbeats().isEmpty()));
				List<Long> delays = connections(sim).stream()
					.map((c) -> Duration.between(c.openedAt(), c.heartbeats().get(0).time()).toMillis())
					.toList();
				// each first beat a random part of one interval after Hello: a shard that waits a whole interval first
				// (no jitter, or interval + jitter) has none inside the first interval; the upper bound leaves half an
				// interval for a late timer or a slow loopback on a loaded machine (3 times the mean delay)
				assertThat(delays).allMatch((d) -> d >= 0 && d < interval.toMillis() * 3 / 2, "within the interval");
				assertThat(delays.stream().mapToLong(Long::longValue).min().getAsLong()).as("first-beat delays %s", delays)
					.isLessThan(interval.toMillis());
				// ... and spread out, not all at the same offset (no jitter, or a fixed one, fails this)
				long spread = delays.stream().mapToLong(Long::longValue).max().getAsLong()
						- delays.stream().mapToLong(Long::longValue).min().getAsLong();
				assertThat(spread).as("spread of first-beat delays %s", delays).isGreaterThan(100);
			}
			finally {
				running.forEach(Running::close);
			}
		}
	}

	@Test
	void validatesShardArguments() {
		ShardConfig config = ShardConfig.builder("t").build();
		assertThatIllegalArgumentException().isThrownBy(() -> new Shard(0, 0, config)).withMessageContaining("totalShards");
		assertThatIllegalArgumentException().isThrownBy(() -> new Shard(2, 2, config)).withMessageContaining("shardId");
		assertThatIllegalArgumentException().isThrownBy(() -> new Shard(-1, 2, config)).withMessageContaining("shardId");
		assertThatIllegalArgumentException().isThrownBy(() -> new Shard(0, 1, null));
	}

	@Test
	void refusesPlainWsToANonLoopbackHost() {
		ShardConfig config = ShardConfig.builder("secret-token-value").gatewayUrl("ws://gateway.example.com").build();
		Shard shard = new Shard(0, 1, config);
		Throwable error = shard.run((d) -> {
		}).onErrorResume((e) -> reactor.core.publisher.Mono.error(e)).materialize().block().getThrowable();
		assertThat(error).isInstanceOf(GatewayException.class).hasMessageContaining("allowInsecureGateway");
		assertThat(error.getMessage()).doesNotContain("secret-token-value");
		assertThat(config.toString()).doesNotContain("secret-token-value");
	}

}
