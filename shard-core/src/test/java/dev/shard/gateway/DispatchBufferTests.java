package dev.shard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Order, threads, exclusivity and fairness of the hand-off to the sink, both delivery modes. */
class DispatchBufferTests {

	private final DeliveryThreads threads = DeliveryThreads.create(1, "test-delivery");

	@AfterEach
	void close() {
		this.threads.close();
	}

	private static GatewayDispatch dispatch(long s) {
		return new GatewayDispatch(0, s, "MESSAGE_CREATE", new byte[0], System.nanoTime());
	}

	private static final class RecordingSink implements ShardSink {

		final List<Long> sequences = new CopyOnWriteArrayList<>();

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		final AtomicInteger inside = new AtomicInteger();

		volatile boolean overlapped;

		private final boolean nonBlocking;

		RecordingSink(boolean nonBlocking) {
			this.nonBlocking = nonBlocking;
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			if (this.inside.incrementAndGet() != 1) {
				this.overlapped = true;
			}
			try {
				this.threads.add(Thread.currentThread());
				this.sequences.add(dispatch.sequence());
				if (dispatch.sequence() % 97 == 0) {
					throw new IllegalStateException("sink failure (expected by the test)");
				}
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

		@Override
		public boolean nonBlocking() {
			return this.nonBlocking;
		}

	}

	@Test
	void defaultDeliveryIsOffTheOfferingThreadInOrderAndNeverConcurrent() {
		RecordingSink sink = new RecordingSink(false);
		DispatchBuffer buffer = new DispatchBuffer(1024, sink, this.threads.lane(0),
				LoggerFactory.getLogger(DispatchBufferTests.class));
		for (long s = 1; s <= 20_000; s++) {
			buffer.offer(dispatch(s), null);
			if (s % 1000 == 0) {
				// a pause longer than the lane's spin: it parks, and the next dispatch must wake it
				long until = System.nanoTime() + 200_000;
				while (System.nanoTime() < until) {
					Thread.onSpinWait();
				}
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> sink.sequences.size() == 20_000);
		for (int i = 0; i < 20_000; i++) {
			assertThat(sink.sequences.get(i)).isEqualTo(i + 1L);
		}
		assertThat(sink.threads).doesNotContain(Thread.currentThread());
		assertThat(sink.overlapped).isFalse();
		assertThat(buffer.size()).isZero();
	}

	@Test
	void nonBlockingSinksAreCalledOnTheOfferingThread() {
		RecordingSink sink = new RecordingSink(true);
		DispatchBuffer buffer = new DispatchBuffer(1024, sink, this.threads.lane(0),
				LoggerFactory.getLogger(DispatchBufferTests.class));
		for (long s = 1; s <= 1_000; s++) {
			buffer.offer(dispatch(s), null);
			assertThat(sink.sequences).hasSize((int) s);
		}
		assertThat(sink.threads).containsOnly(Thread.currentThread());
		assertThat(sink.overlapped).isFalse();
		List<Runnable> done = new CopyOnWriteArrayList<>();
		buffer.whenDrained(() -> done.add(() -> {
		}));
		assertThat(done).hasSize(1);
	}

	@Test
	void aFloodedShardGivesItsLaneToTheOthersAfterABatch() throws InterruptedException {
		CountDownLatch otherOffered = new CountDownLatch(1);
		AtomicInteger floodDelivered = new AtomicInteger();
		ShardSink flood = (dispatch) -> {
			if (floodDelivered.getAndIncrement() == 0) {
				try {
					otherOffered.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
		List<Integer> floodSeenByOther = new CopyOnWriteArrayList<>();
		ShardSink other = (dispatch) -> floodSeenByOther.add(floodDelivered.get());
		// both on the lane's single thread
		DispatchBuffer flooded = new DispatchBuffer(4096, flood, this.threads.lane(0),
				LoggerFactory.getLogger(DispatchBufferTests.class));
		DispatchBuffer quiet = new DispatchBuffer(4096, other, this.threads.lane(1),
				LoggerFactory.getLogger(DispatchBufferTests.class));
		for (long s = 1; s <= 3_000; s++) {
			flooded.offer(dispatch(s), null);
		}
		quiet.offer(dispatch(1), null);
		otherOffered.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> floodDelivered.get() == 3_000);
		// the quiet shard was served after the flooded one's first batch, not after all 3,000
		assertThat(floodSeenByOther).containsExactly(DispatchBuffer.BATCH);
	}


	/**
	 * The room callback resumes reads on the shard's event loop, which throws RejectedExecutionException while it
	 * shuts down. Delivery must go on: the dispatch polled before the callback and everything after it.
	 */
	@Test
	void aThrowingRoomCallbackDoesNotStopDelivery() {
		CountDownLatch firstEntered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<Long> got = new CopyOnWriteArrayList<>();
		ShardSink sink = (dispatch) -> {
			if (dispatch.sequence() == 1) {
				firstEntered.countDown();
				awaitLatch(release);
			}
			got.add(dispatch.sequence());
		};
		DispatchBuffer buffer = new DispatchBuffer(2, sink, this.threads.lane(0),
				LoggerFactory.getLogger(DispatchBufferTests.class));
		for (long s = 1; s <= 3; s++) {
			buffer.offer(dispatch(s), null);
		}
		awaitLatch(firstEntered);
		// still full (2 queued): the callback waits for room, which the next poll makes
		assertThat(buffer.isFull()).isTrue();
		buffer.onRoom(() -> {
			throw new java.util.concurrent.RejectedExecutionException("event executor terminated");
		});
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
		buffer.offer(dispatch(4), null);
		await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 4);
		assertThat(got).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void thePositionIsTheLastDeliveredNotTheLastOfferedAndSkipsCountOnceReached() {
		CountDownLatch release = new CountDownLatch(1);
		ShardSink sink = (dispatch) -> awaitLatch(release);
		DispatchBuffer buffer = new DispatchBuffer(1024, sink, this.threads.lane(0),
				LoggerFactory.getLogger(DispatchBufferTests.class), 10, null);
		assertThat(DispatchBuffer.sequenceOf(buffer.position())).isEqualTo(10);
		buffer.offer(dispatch(11), null);
		buffer.offer(dispatch(12), null);
		// unwanted, behind two undelivered: not passed yet
		buffer.skip(0, 13, null);
		assertThat(DispatchBuffer.sequenceOf(buffer.position())).isEqualTo(10);
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> DispatchBuffer.sequenceOf(buffer.position()) == 13);
		// nothing queued: a skip is passed at once
		buffer.skip(0, 14, null);
		assertThat(DispatchBuffer.sequenceOf(buffer.position())).isEqualTo(14);
		assertThat(DispatchBuffer.isOf(buffer.position(), 0)).isTrue();
		// a new session: nothing of it delivered until its first dispatch
		buffer.newSession(0, 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> buffer.position() == DispatchBuffer.NO_POSITION);
		assertThat(DispatchBuffer.isOf(buffer.position(), 1)).isFalse();
		buffer.offer(dispatch(1), null);
		await().atMost(Duration.ofSeconds(5)).until(() -> DispatchBuffer.isOf(buffer.position(), 1));
		assertThat(DispatchBuffer.sequenceOf(buffer.position())).isEqualTo(1);
	}

	@Test
	void aBufferStartedAfterAnotherDeliversNothingBeforeItCompletes() {
		reactor.core.publisher.Sinks.Empty<Void> previous = reactor.core.publisher.Sinks.empty();
		RecordingSink sink = new RecordingSink(false);
		DispatchBuffer buffer = new DispatchBuffer(1024, sink, this.threads.lane(0),
				LoggerFactory.getLogger(DispatchBufferTests.class), 5, previous.asMono());
		buffer.offer(dispatch(6), null);
		buffer.skip(0, 7, null);
		buffer.offer(dispatch(8), null);
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> sink.sequences.isEmpty());
		// the resumed sequence is not claimed as delivered before the earlier buffer has delivered up to it
		assertThat(buffer.position()).isEqualTo(DispatchBuffer.NO_POSITION);
		previous.tryEmitEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> sink.sequences.size() == 2);
		assertThat(sink.sequences).containsExactly(6L, 8L);
		assertThat(DispatchBuffer.sequenceOf(buffer.position())).isEqualTo(8);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("latch not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
