/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.LongStream;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Pre-encoded replay ({@link DispatchRecording}, {@link GatewaySimulator#replay}) over a real socket: what the client
 * reads is what a live dispatch sends, the live stream goes on after it, and what it refuses.
 */
class ReplayTests {

	private static final int COUNT = 2500;

	private GatewaySimulator sim;

	private GatewaySimulator other;

	@AfterEach
	void stop() {
		if (this.sim != null) {
			this.sim.close();
		}
		if (this.other != null) {
			this.other.close();
		}
	}

	private static GatewaySimulator.Builder settings() {
		return GatewaySimulator.builder().identifyWindow(Duration.ZERO).guilds(2).zlibLevel(1);
	}

	/** Connects, identifies and waits for READY and the two GUILD_CREATEs (s=1..3). */
	private static BareClient ready(GatewaySimulator sim, String compress) {
		BareClient client = BareClient.connect(sim, "v=10&encoding=json&compress=" + compress);
		client.awaitOp(10);
		client.identify(sim);
		await().until(() -> client.dispatches().size() == 3);
		return client;
	}

	private static List<JsonNode> messages(BareClient client) {
		return client.dispatches().stream().filter((n) -> "MESSAGE_CREATE".equals(n.path("t").asString())).toList();
	}

	/** A recording made from a simulator that never starts, as the harness makes it once for many simulators. */
	private static DispatchRecording record(int count, long first, String compress) {
		try (GatewaySimulator recorder = settings().build()) {
			return DispatchRecording.of(recorder, "MESSAGE_CREATE", count, first, compress);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "zlib-stream", "none" })
	void replayDeliversEveryFrameInOrderAsALiveDispatchWould(String compress) {
		DispatchRecording recording = record(COUNT, 4, compress);
		this.sim = settings().build().start();
		this.other = settings().build().start();
		try (BareClient replayed = ready(this.sim, compress); BareClient live = ready(this.other, compress)) {
			assertThat(this.sim.replay(recording, null, null).join()).isEqualTo(COUNT);
			this.other.dispatch("MESSAGE_CREATE", COUNT, null, null).join();
			await().until(() -> replayed.dispatches().size() == 3 + COUNT && live.dispatches().size() == 3 + COUNT);
			assertThat(replayed.decodeErrors).isEmpty();
			assertThat(messages(replayed)).extracting((n) -> n.path("s").asLong())
				.containsExactlyElementsOf(LongStream.rangeClosed(4, 3 + COUNT).boxed().toList());
			// the whole message, byte for byte the same JSON as the live stream of a simulator with the same settings
			assertThat(messages(replayed)).isEqualTo(messages(live));
			assertThat(replayed.binaryFrames).isEqualTo(compress.equals("none") ? 0 : replayed.received.size());
		}
		assertThat(this.sim.lastSequence(0)).isEqualTo(3 + COUNT);
		assertThat(this.sim.dispatchedCount("MESSAGE_CREATE")).isEqualTo(COUNT);
		assertThat(this.sim.log().connections().get(0).framesSent()).isEqualTo(1 + 3 + COUNT);
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void writeListenerIsToldOfEverySequenceOfADispatchAndOfAReplayOnceBeforeTheClientHasIt() {
		this.sim = settings().build().start();
		java.util.Map<Long, Long> written = new java.util.concurrent.ConcurrentHashMap<>();
		java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
		this.sim.writeListener((first, last, nanos) -> {
			for (long s = first; s <= last; s++) {
				if (written.put(s, nanos) != null) {
					duplicates.incrementAndGet();
				}
			}
		});
		try (BareClient client = ready(this.sim, "zlib-stream")) {
			this.sim.dispatch("MESSAGE_CREATE", 500, null, 20_000.0).join();
			this.sim.replay(DispatchRecording.of(this.sim, "MESSAGE_CREATE", COUNT, this.sim.lastSequence(0) + 1,
					"zlib-stream"), null, 20_000.0).join();
			await().until(() -> client.dispatches().size() == 3 + 500 + COUNT);
			long seen = System.nanoTime();
			assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(
					LongStream.rangeClosed(4, 3 + 500 + COUNT).boxed().toList());
			assertThat(written.values()).allSatisfy((nanos) -> assertThat(nanos).isPositive().isLessThan(seen));
		}
		assertThat(duplicates).hasValue(0);
		this.sim.writeListener(null);
	}

	@Test
	void liveDispatchWaitingForAClientThatStoppedReadingGoesOnWhenTheConnectionDrops() {
		this.sim = settings().build().start();
		try (BareClient client = ready(this.sim, "none")) {
			client.connection.get().channel().config().setAutoRead(false);
			// far more than the loopback socket buffers hold: the job waits for writability
			CompletableFuture<Long> sent = this.sim.dispatch("MESSAGE_CREATE", 100_000, null, null);
			// waiting: nothing more written over one poll interval, and not done
			java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
			await().pollInterval(Duration.ofMillis(200)).until(() -> {
				long n = this.sim.dispatchedCount("MESSAGE_CREATE");
				return n > 0 && n == last.getAndSet(n) && !sent.isDone();
			});
			client.connection.get().dispose();
			// before the fix the job waited for ever for a channel that was gone; now the rest goes to the
			// session's buffer, as for any disconnected session
			assertThat(sent).succeedsWithin(Duration.ofSeconds(20)).isEqualTo(100_000L);
		}
	}

	@Test
	void recordingsOfTheSameSettingsAreTheSameBytes() {
		DispatchRecording a = record(300, 4, "zlib-stream");
		DispatchRecording b = record(300, 4, "zlib-stream");
		assertThat(a.wireBytes()).isEqualTo(b.wireBytes());
		int from = 0;
		while (from < a.count()) {
			int end = a.sliceEnd(from, a.count(), 1 << 20);
			assertThat(ByteBufUtil.getBytes(a.slice(UnpooledByteBufAllocator.DEFAULT, from, end)))
				.isEqualTo(ByteBufUtil.getBytes(b.slice(UnpooledByteBufAllocator.DEFAULT, from, end)));
			from = end;
		}
	}

	@Test
	void liveStreamAfterAZlibReplayStillDecodes() {
		this.sim = settings().build().start();
		try (BareClient client = ready(this.sim, "zlib-stream")) {
			// live messages first, so that the live deflater has them in its history
			this.sim.dispatch("MESSAGE_CREATE", 20, null, null).join();
			await().until(() -> client.dispatches().size() == 23);
			DispatchRecording recording = DispatchRecording.of(this.sim, "MESSAGE_CREATE", 300,
					this.sim.lastSequence(0) + 1, "zlib-stream");
			this.sim.replay(recording, 0, null).join();
			this.sim.dispatch("MESSAGE_CREATE", 20, null, null).join();
			client.heartbeat(343L);
			// without the live deflater's reset after the replay this decodes garbage: stop at the first error
			await().until(() -> !client.decodeErrors.isEmpty() || (client.dispatches().size() == 343
					&& client.received.stream().anyMatch((n) -> n.path("op").asInt() == 11)));
			assertThat(client.decodeErrors).isEmpty();
			assertThat(client.dispatches()).extracting((n) -> n.path("s").asLong())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 343).boxed().toList());
			assertThat(messages(client).subList(320, 340)).allSatisfy((n) -> assertThat(
					n.path("d").path("content").asString()).startsWith("synthetic message"));
		}
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void recordingThatDoesNotStartAtTheSessionsNextSequenceIsRefused() {
		DispatchRecording recording = record(10, 10, "zlib-stream");
		this.sim = settings().build().start();
		try (BareClient client = ready(this.sim, "zlib-stream")) {
			assertThatThrownBy(() -> this.sim.replay(recording, null, null).join())
				.isInstanceOf(CompletionException.class)
				.hasCauseInstanceOf(IllegalStateException.class)
				.hasMessageContaining("the recording starts at s=10")
				.hasMessageContaining("is at s=3: record it from s=4");
			// nothing was taken: the live stream goes on at s=4
			assertThat(this.sim.lastSequence(0)).isEqualTo(3);
			this.sim.dispatch("MESSAGE_CREATE", 1, null, null).join();
			await().until(() -> client.lastSeq() == 4);
			assertThat(client.decodeErrors).isEmpty();
		}
	}

	@Test
	void recordingsForAnotherStreamAreRefused() {
		this.sim = settings().build().start();
		try (BareClient client = ready(this.sim, "none")) {
			assertThatThrownBy(() -> this.sim.replay(record(10, 4, "zlib-stream"), null, null).join())
				.hasCauseInstanceOf(IllegalStateException.class)
				.hasMessageContaining("the recording is for compress=zlib-stream but connection 1 uses compress=none");
			try (GatewaySimulator bigger = GatewaySimulator.builder().guilds(3).build()) {
				DispatchRecording elsewhere = DispatchRecording.of(bigger, "MESSAGE_CREATE", 10, 4, "none");
				assertThatThrownBy(() -> this.sim.replay(elsewhere, null, null))
					.isInstanceOf(IllegalArgumentException.class)
					.hasMessageContaining("guilds 3");
			}
			assertThatThrownBy(() -> DispatchRecording.of(this.sim, "MESSAGE_CREATE", 10, 4, "zstd-stream"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("zstd-stream replay is not supported");
		}
	}

	@Test
	void pacedReplayReleasesFramesOverTimeAndHeartbeatsAreAnsweredMeanwhile() {
		// past two splice points (every 1,024 frames), in 2.5 s
		int count = 2500;
		double rate = 1000;
		DispatchRecording recording = record(count, 4, "zlib-stream");
		this.sim = settings().build().start();
		try (BareClient client = ready(this.sim, "zlib-stream")) {
			long start = System.nanoTime();
			CompletableFuture<Long> replay = this.sim.replay(recording, null, rate);
			await().until(() -> messages(client).size() >= 300);
			// an eighth of the way: the rest is not due yet
			assertThat(messages(client).size()).isLessThan(count);
			assertThat(replay).isNotDone();
			client.heartbeat(this.sim.lastSequence(0));
			// the ACK goes in between two frames, long before the replay ends
			await().until(() -> client.received.stream().anyMatch((n) -> n.path("op").asInt() == 11));
			assertThat(replay).isNotDone();
			assertThat(replay.join()).isEqualTo(count);
			double seconds = (System.nanoTime() - start) / 1e9;
			assertThat(seconds).isGreaterThanOrEqualTo((count - 1) / rate * 0.95);
			await().until(() -> messages(client).size() == count);
			assertThat(client.decodeErrors).isEmpty();
			assertThat(messages(client)).extracting((n) -> n.path("s").asLong())
				.containsExactlyElementsOf(LongStream.rangeClosed(4, 3 + count).boxed().toList());
			int ack = 0;
			while (client.received.get(ack).path("op").asInt() != 11) {
				ack++;
			}
			// HELLO and the three dispatches before it, replayed frames after it
			assertThat(ack).isGreaterThan(4).isLessThan(client.received.size() - 1);
		}
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void replayFailsWhenTheConnectionClosesAndAResumeIntoItIsInvalid() {
		DispatchRecording recording = record(COUNT, 4, "none");
		this.sim = settings().build().start();
		String sessionId;
		try (BareClient client = ready(this.sim, "none")) {
			sessionId = client.dispatches().get(0).path("d").path("session_id").asString();
			CompletableFuture<Long> replay = this.sim.replay(recording, null, 100.0);
			await().until(() -> messages(client).size() >= 5);
			this.sim.drop(0);
			assertThatThrownBy(replay::join).hasCauseInstanceOf(IllegalStateException.class)
				.hasMessageContaining("closed after");
		}
		// the session's sequence is the recording's last: a resume from the middle cannot be served
		assertThat(this.sim.lastSequence(0)).isEqualTo(3 + COUNT);
		try (BareClient resuming = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			resuming.awaitOp(10);
			resuming.resume(this.sim.token(), sessionId, 10);
			JsonNode invalid = resuming.awaitOp(9);
			assertThat(invalid.path("d").asBoolean()).isFalse();
		}
		assertThat(this.sim.resumes()).extracting(SimulatorLog.Resume::outcome).containsExactly("INVALID_SESSION");
	}

	@Test
	void resumeFromTheEndOfAReplayResumes() {
		DispatchRecording recording = record(50, 4, "none");
		this.sim = settings().build().start();
		String sessionId;
		try (BareClient client = ready(this.sim, "none")) {
			sessionId = client.dispatches().get(0).path("d").path("session_id").asString();
			this.sim.replay(recording, null, null).join();
			await().until(() -> client.lastSeq() == 53);
			this.sim.dispatch("TYPING_START", 2, null, null).join();
			await().until(() -> client.lastSeq() == 55);
			this.sim.drop(0);
			await().until(() -> client.terminated.get());
		}
		try (BareClient resuming = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			resuming.awaitOp(10);
			resuming.resume(this.sim.token(), sessionId, 53);
			resuming.awaitDispatch("RESUMED");
			assertThat(resuming.dispatches()).extracting((n) -> n.path("s").asLong()).containsExactly(54L, 55L, 56L);
		}
	}

}
