package dev.shard.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The heartbeats of one connection
 * (<a href="https://discord.com/developers/docs/events/gateway#sending-heartbeats">Sending Heartbeats</a>): the
 * first beat at {@code interval * random[0,1)} (jitter, so mass reconnects do not beat in sync), then one per
 * interval; beats not yet acknowledged in a FIFO (ACKs come in order, so each answers the oldest); the zombie rule.
 * Used on the connection's event loop only.
 */
final class Heartbeater {

	/** Heartbeats whose ACK is awaited at once; more means the gateway stopped answering long ago. */
	private static final int MAX_OUTSTANDING_BEATS = 8;

	private final ShardContext context;

	private final EventLoop loop;

	private final Outbound.Writer writer;

	/** The session's last sequence ({@code d} of a heartbeat). */
	private final LongSupplier sequence;

	/** Whether reads are paused right now (the event buffer is full). */
	private final BooleanSupplier paused;

	private final Latency latency;

	/** Closes the connection as a zombie. */
	private final Runnable onZombie;

	/** Send times of heartbeats not yet acknowledged, oldest first. */
	private final ArrayDeque<Long> outstanding = new ArrayDeque<>(MAX_OUTSTANDING_BEATS);

	/** When the timer last fired; a beat still unacknowledged from then on is a zombie sign. */
	private long lastTimerBeat = Long.MIN_VALUE;

	/** Reads were paused during the current interval: a missing ACK may be sitting unread behind the pause. */
	private boolean pausedThisInterval;

	private ScheduledFuture<?> timer;

	private boolean stopped;

	Heartbeater(ShardContext context, EventLoop loop, Outbound.Writer writer, LongSupplier sequence,
			BooleanSupplier paused, Latency latency, Runnable onZombie) {
		this.context = context;
		this.loop = loop;
		this.writer = writer;
		this.sequence = sequence;
		this.paused = paused;
		this.latency = latency;
		this.onZombie = onZombie;
	}

	/** Starts beating at Hello's {@code heartbeat_interval}. */
	void start(long intervalMs) {
		long interval = TimeUnit.MILLISECONDS.toNanos(intervalMs);
		long first = (long) (interval * ThreadLocalRandom.current().nextDouble());
		this.timer = this.loop.scheduleAtFixedRate(this::beat, first, interval, TimeUnit.NANOSECONDS);
		this.context.log()
			.debug("Shard {}: Hello, heartbeat every {} ms, first in {} ms", this.context.shardId(), intervalMs,
					TimeUnit.NANOSECONDS.toMillis(first));
	}

	/** Whether {@link #start} was called and {@link #stop} was not. */
	boolean isRunning() {
		return this.timer != null && !this.stopped;
	}

	/** The gateway asked for a beat now (op 1). */
	void beatNow() {
		if (isRunning()) {
			send(System.nanoTime());
		}
	}

	/** Reads were paused: a missing ACK this interval is not evidence of a dead connection. */
	void readsPaused() {
		this.pausedThisInterval = true;
	}

	/** Heartbeat ACK (op 11): answers the oldest beat still waiting, so the round trip is the right beat's. */
	void acked() {
		Long sentAt = this.outstanding.pollFirst();
		if (sentAt != null) {
			long nanos = System.nanoTime() - sentAt;
			this.latency.record(nanos);
			this.context.observer().onHeartbeatAck(this.context.shardId(), Duration.ofNanos(nanos));
		}
	}

	void stop() {
		this.stopped = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
	}

	/**
	 * The timer's beat. A zombie is a connection where a beat has gone unacknowledged for a whole interval
	 * (<a href="https://discord.com/developers/docs/events/gateway#heartbeat-interval-example-heartbeat-ack">
	 * Heartbeat ACK</a>): the oldest outstanding beat was sent at or before the previous timer beat. A beat sent
	 * since (the answer to a server's op 1) is not overdue yet, whatever the round trip.
	 */
	private void beat() {
		if (this.stopped) {
			return;
		}
		long now = System.nanoTime();
		Long oldest = this.outstanding.peekFirst();
		long previous = this.lastTimerBeat;
		this.lastTimerBeat = now;
		boolean overdue = oldest != null && previous != Long.MIN_VALUE && oldest - previous <= 0;
		boolean paused = this.paused.getAsBoolean();
		if (overdue && this.context.config().zombieDetection()) {
			if (paused || this.pausedThisInterval) {
				// the ACK may be sitting unread behind our own pause: not evidence of a dead connection
				this.context.log().debug("Shard {}: no ACK yet, but reads were paused; not a zombie",
						this.context.shardId());
			}
			else {
				this.context.log()
					.warn("Shard {}: no heartbeat ACK since the last beat; zombie connection, resuming",
							this.context.shardId());
				this.onZombie.run();
				return;
			}
		}
		this.pausedThisInterval = paused;
		send(now);
	}

	private void send(long now) {
		long s = this.sequence.getAsLong();
		byte[] bytes = ("{\"op\":1,\"d\":" + ((s >= 0) ? Long.toString(s) : "null") + "}")
			.getBytes(StandardCharsets.US_ASCII);
		if (this.outstanding.size() == MAX_OUTSTANDING_BEATS) {
			this.outstanding.pollFirst();
		}
		this.outstanding.addLast(now);
		this.writer.writeNow(bytes, Opcode.HEARTBEAT);
	}

	/** Heartbeat round trips of one shard, across its connections. Written on event loops, read anywhere. */
	static final class Latency {

		private static final int SAMPLES = 16;

		private final long[] samples = new long[SAMPLES];

		private int count;

		private volatile long last = -1;

		void record(long nanos) {
			this.last = nanos;
			synchronized (this.samples) {
				this.samples[this.count % SAMPLES] = nanos;
				this.count++;
			}
		}

		/** The last round trip. */
		Optional<Duration> last() {
			long l = this.last;
			return (l >= 0) ? Optional.of(Duration.ofNanos(l)) : Optional.empty();
		}

		/** The mean over the last {@value #SAMPLES} round trips. */
		Optional<Duration> average() {
			synchronized (this.samples) {
				if (this.count == 0) {
					return Optional.empty();
				}
				int n = Math.min(this.count, SAMPLES);
				long sum = 0;
				for (int i = 0; i < n; i++) {
					sum += this.samples[i];
				}
				return Optional.of(Duration.ofNanos(sum / n));
			}
		}

	}

}
