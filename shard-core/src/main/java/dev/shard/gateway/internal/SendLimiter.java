package dev.shard.gateway.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Outbound pacing for one connection: a sliding window of {@code limit} sends per {@code window} (Discord: 120 per
 * 60 s, every payload counts). Heartbeats (and Identify/Resume) are "priority" sends: they never wait, and
 * {@code ceil(window / heartbeatInterval) + 1} slots are kept free for them (twilight's approach), so user commands
 * can never push a heartbeat over the limit. Not thread-safe: used from the connection's I/O thread.
 */
public final class SendLimiter {

	/** Discord's limit per connection. */
	public static final int GATEWAY_LIMIT = 120;

	/** Discord's window. */
	public static final Duration GATEWAY_WINDOW = Duration.ofSeconds(60);

	private final int limit;

	private final long windowNanos;

	private final LongSupplier clock;

	/** Send times, oldest at {@code head}; a ring of {@code limit} entries. */
	private final long[] stamps;

	private int head;

	private int count;

	private int reserved;

	/** Discord's limits on the system clock. */
	public SendLimiter() {
		this(GATEWAY_LIMIT, GATEWAY_WINDOW, System::nanoTime);
	}

	/**
	 * @param limit sends per window
	 * @param window the sliding window
	 * @param clock a nanosecond clock (virtual in tests)
	 */
	public SendLimiter(int limit, Duration window, LongSupplier clock) {
		if (limit < 2) {
			throw new IllegalArgumentException("limit must be at least 2");
		}
		this.limit = limit;
		// the gateway counts arrival times, which can bunch up by a little network jitter; a small margin on the
		// window (1.2 s of 60 s) keeps the gateway's view of any window under the limit too
		this.windowNanos = window.toNanos() + Math.max(Duration.ofMillis(250).toNanos(), window.toNanos() / 50);
		this.clock = clock;
		this.stamps = new long[limit];
		this.reserved = 1;
	}

	/** The window counted, including the safety margin. */
	public Duration window() {
		return Duration.ofNanos(this.windowNanos);
	}

	/** Reserve room for the heartbeats one window holds at this interval (Hello tells it). */
	public void heartbeatInterval(Duration interval) {
		long ms = Math.max(1, interval.toMillis());
		long beats = (this.windowNanos / 1_000_000 + ms - 1) / ms + 1;
		this.reserved = (int) Math.min(Math.max(beats, 1), this.limit - 1);
	}

	/** Slots kept free for priority sends. */
	public int reserved() {
		return this.reserved;
	}

	/** Sends counted in the current window. */
	public int inWindow() {
		expire(this.clock.getAsLong());
		return this.count;
	}

	/**
	 * How long a send must wait before it may go.
	 * @param priority heartbeat/identify/resume (uses the reserved slots) or a user command
	 * @return 0 if it may go now, else nanoseconds until a slot frees up
	 */
	public long delayNanos(boolean priority) {
		long now = this.clock.getAsLong();
		expire(now);
		int capacity = priority ? this.limit : this.limit - this.reserved;
		if (this.count < capacity) {
			return 0;
		}
		// the (count - capacity)-th oldest send must leave the window first
		long oldest = this.stamps[(this.head + this.count - capacity) % this.limit];
		return Math.max(1, oldest + this.windowNanos - now);
	}

	/**
	 * Take a slot if one is free.
	 * @param priority see {@link #delayNanos(boolean)}
	 * @return whether the send may go now (it is then counted)
	 */
	public boolean tryAcquire(boolean priority) {
		if (delayNanos(priority) > 0) {
			return false;
		}
		record();
		return true;
	}

	/** Count a send that goes regardless (a heartbeat in a window that is somehow full). */
	public void record() {
		long now = this.clock.getAsLong();
		expire(now);
		if (this.count == this.limit) {
			this.head = (this.head + 1) % this.limit;
			this.count--;
		}
		this.stamps[(this.head + this.count) % this.limit] = now;
		this.count++;
	}

	private void expire(long now) {
		while (this.count > 0 && now - this.stamps[this.head] >= this.windowNanos) {
			this.head = (this.head + 1) % this.limit;
			this.count--;
		}
	}

}
