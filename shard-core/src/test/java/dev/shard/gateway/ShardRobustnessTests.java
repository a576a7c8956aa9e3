package dev.shard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.shard.event.EventBinder;
import dev.shard.event.RateLimitedEvent;
import dev.shard.gateway.ShardTestSupport.RecordingSink;
import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.model.RateLimited;
import dev.shard.test.simulator.GatewaySimulator;
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
import static org.awaitility.Awaitility.await;

/** Bad input, hostile frames and slow consumers: the shard survives and loses nothing. */
class ShardRobustnessTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "ZLIB_STREAM", "ZSTD_STREAM" })
	void decompressionBombIsRefusedAndTheShardResumes(Compression compression) throws Exception {
		// a longer heartbeat: the simulator's event loop is busy for a while compressing the bomb
		try (GatewaySimulator sim = simulator().heartbeatInterval(Duration.ofSeconds(3)).build().start();
				Running r = start(new Shard(0, 1,
						config(sim, compression).maxInboundMessageSize(1024 * 1024).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			// 64 MiB of whitespace once inflated, 64 times the cap; the decoder stops at the cap (see
			// TransportDecoderTests) instead of inflating it all
			sim.sendDecompressionBomb(0, 64 * 1024 * 1024);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).singleElement().satisfies((e) -> {
				assertThat(e.cause()).isEqualTo(ReconnectCause.TRANSPORT);
				assertThat(e.detail()).contains("cap");
				assertThat(e.resume()).isTrue();
			});
			assertThat(r.events(ShardLifecycleEvent.Zombie.class)).isEmpty();
			assertThat(connection(sim, 0).close().code()).isBetween(4000, 4999);
			assertThat(connection(sim, 1).resumeUrl()).isTrue();
			sim.dispatch("MESSAGE_CREATE", 5, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 5);
			assertThat(r.terminated()).isFalse();
		}
	}

	/** Plain text: no state carries over between messages, so a malformed one is skipped. */
	@Test
	void malformedJsonUnknownOpcodeAndUnknownTypeAreSurvivedWithoutReconnecting() throws Exception {
		survivedWithoutReconnecting(Compression.NONE, true);
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "ZLIB_STREAM", "ZSTD_STREAM" })
	void unknownOpcodeAndUnknownTypeOnACompressedConnectionAreSurvivedWithoutReconnecting(Compression compression)
			throws Exception {
		survivedWithoutReconnecting(compression, false);
	}

	/**
	 * Compressed messages that inflate but are not gateway messages, several in a row: one alone is skipped (see
	 * {@code ConnectionFaultTests}), but a second in a row is the sign of a corrupt context that turns every later
	 * message into junk, so the shard resumes on a fresh context (once, however many follow on the old connection)
	 * and loses nothing.
	 */
	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "ZLIB_STREAM", "ZSTD_STREAM" })
	void compressedMessagesInARowThatAreNotGatewayMessagesResumeOnAFreshContext(Compression compression)
			throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			sim.sendRaw(0, "not json at all");
			sim.sendMalformedJson(0);
			sim.sendRaw(0, "[1,2,3]");
			sim.dispatch("MESSAGE_CREATE", 10, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 10);
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).singleElement().satisfies((e) -> {
				assertThat(e.cause()).isEqualTo(ReconnectCause.TRANSPORT);
				assertThat(e.detail()).contains("malformed");
				assertThat(e.resume()).isTrue();
			});
			assertThat(r.events(ShardLifecycleEvent.Zombie.class)).isEmpty();
			assertThat(sim.log().identifies()).hasSize(1);
			assertThat(connections(sim)).hasSize(2);
			assertThat(connection(sim, 1).resume().outcome()).isEqualTo("RESUMED");
			List<Long> seqs = r.sink.sequences("MESSAGE_CREATE");
			for (int i = 1; i < seqs.size(); i++) {
				assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
			}
			assertThat(r.terminated()).isFalse();
		}
	}

	/**
	 * A dispatch whose sequence number skips ahead on a live connection means dispatches were lost on the way: the
	 * shard resumes from its last sequence (the gateway replays what is missing) instead of delivering past a gap.
	 */
	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void aSequenceGapOnALiveConnectionResumes(Compression compression) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			long last = sim.lastSequence(0);
			// not from the simulator's sequence: as if s = last + 1 .. last + 4 were lost
			sim.sendRaw(0, "{\"t\":\"MESSAGE_CREATE\",\"s\":" + (last + 5) + ",\"op\":0,\"d\":{\"id\":\"1\"}}");
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).singleElement().satisfies((e) -> {
				assertThat(e.detail()).contains("sequence gap");
				assertThat(e.resume()).isTrue();
			});
			assertThat(connection(sim, 1).resume().seq()).isEqualTo(last);
			sim.dispatch("MESSAGE_CREATE", 10, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 10);
			// the out-of-sequence one was not delivered (it would be an 11th); the real ones follow RESUMED in order
			List<Long> seqs = r.sink.sequences("MESSAGE_CREATE");
			assertThat(seqs).hasSize(10);
			for (int i = 0; i < seqs.size(); i++) {
				assertThat(seqs.get(i)).isEqualTo(last + 2 + i);
			}
			assertThat(sim.log().identifies()).hasSize(1);
			assertThat(r.events(ShardLifecycleEvent.Zombie.class)).isEmpty();
		}
	}

	private void survivedWithoutReconnecting(Compression compression, boolean junk) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			if (junk) {
				sim.sendMalformedJson(0);
				sim.sendRaw(0, "not json at all");
				sim.sendRaw(0, "[1,2,3]");
			}
			sim.sendUnknownOpcode(0);
			List<Long> unknown = sim.dispatchUnknownType(0);
			sim.dispatch("MESSAGE_CREATE", 10, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 10);
			assertThat(r.sink.ofType("GUILD_JOIN_REQUEST_UPDATE")).singleElement()
				.satisfies((d) -> assertThat(d.sequence()).isEqualTo(unknown.get(0)));
			assertThat(connections(sim)).hasSize(1);
			assertThat(connection(sim, 0).open()).isTrue();
			assertThat(connection(sim, 0).violations()).isEmpty();
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void truncatedFrameIsSurvived(Compression compression) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			sim.sendTruncatedFrame(0);
			sim.dispatch("MESSAGE_CREATE", 10, 0, null).get(5, TimeUnit.SECONDS);
			// plain: one bad message is skipped; zlib: the stream is broken, so the shard resumes and gets a replay
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 10);
			assertThat(r.terminated()).isFalse();
			assertThat(sim.log().identifies()).hasSize(1);
		}
	}

	@Test
	void rateLimitedDispatchIsParsedAndDelivered() throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
			sim.dispatchRaw("RATE_LIMITED", "{\"opcode\":8,\"retry_after\":27.5,\"meta\":{\"guild_id\":\"1\",\"nonce\":\"n\"}}",
					0);
			await().atMost(WAIT).until(() -> r.sink.count("RATE_LIMITED") == 1);
			GatewayDispatch d = r.sink.ofType("RATE_LIMITED").get(0);
			// d is bound from where the envelope reader found it: the envelope's closing brace after it is no error
			assertThat(d.dataOffset()).isPositive();
			RateLimited data = ((RateLimitedEvent) EventBinder.shared().bind(d)).rateLimited();
			assertThat(data.retryAfter()).isEqualTo(27.5);
			assertThat(data.opcode()).isEqualTo(8);
		}
	}

	@Test
	void sinkExceptionsAreLoggedAndTheStreamContinues() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		RecordingSink sink = new RecordingSink() {
			@Override
			public void onDispatch(GatewayDispatch dispatch) {
				super.onDispatch(dispatch);
				if (calls.incrementAndGet() % 2 == 0) {
					throw new IllegalStateException("listener bug");
				}
			}
		};
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT), sink)) {
			await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
			sim.dispatch("MESSAGE_CREATE", 20, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 20);
			assertThat(connections(sim)).hasSize(1);
		}
	}

	@Test
	void unwantedTypesAreNotDeliveredButTheirSequenceIsTracked() throws Exception {
		RecordingSink sink = new RecordingSink() {
			@Override
			public boolean wants(String type) {
				return !type.equals("TYPING_START");
			}
		};
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT), sink)) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			sim.dispatch("TYPING_START", 5, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.shard.sequence().orElse(0) == sim.lastSequence(0));
			assertThat(r.sink.count("TYPING_START")).isZero();
		}
	}

	/**
	 * A sink far slower than the gateway: the buffer fills, the shard stops reading (so heartbeat ACKs sit unread
	 * behind the backlog), yet it keeps beating, is not fooled into a zombie reconnect, and loses nothing.
	 */
	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void slowSinkCausesNeitherAZombieNorALostEvent(Compression compression) throws Exception {
		int count = 400;
		AtomicInteger maxBuffered = new AtomicInteger();
		Shard[] holder = new Shard[1];
		RecordingSink sink = new RecordingSink() {
			@Override
			public void onDispatch(GatewayDispatch dispatch) {
				maxBuffered.accumulateAndGet(holder[0].bufferedEvents(), Math::max);
				super.onDispatch(dispatch);
				// the slow consumer under test: ~10 ms per event, 4 s for the batch = 13 heartbeat intervals
				LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			}
		};
		try (GatewaySimulator sim = simulator().build().start()) {
			holder[0] = new Shard(0, 1, config(sim, compression).eventBufferSize(16).build(), NO_WAIT);
			try (Running r = start(holder[0], sink)) {
				await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
				sim.dispatch("MESSAGE_CREATE", count, 0, null).get(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(30)).until(() -> r.sink.count("MESSAGE_CREATE") == count);
				assertThat(r.events(ShardLifecycleEvent.Zombie.class)).isEmpty();
				assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).isEmpty();
				assertThat(connections(sim)).hasSize(1);
				assertThat(connection(sim, 0).violations()).isEmpty();
				assertThat(maxBuffered.get()).isLessThanOrEqualTo(17);
				List<Long> seqs = r.sink.sequences("MESSAGE_CREATE");
				for (int i = 1; i < seqs.size(); i++) {
					assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
				}
				// it went on heartbeating while the sink was busy
				assertThat(connection(sim, 0).heartbeats()).hasSizeGreaterThan(8);
			}
		}
	}

}
