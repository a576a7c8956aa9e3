package dev.shard.gateway.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ShardSink;
import org.slf4j.Logger;
import reactor.core.scheduler.Scheduler;

/**
 * The bounded hand-off between a shard's I/O thread and its sink. It lives as long as the shard (not the
 * connection), so dispatches received before a reconnect are still delivered, in order, exactly once. The reader
 * stops requesting frames while {@link #isFull()}; {@link #onRoom(Runnable)} tells it when to read again. The
 * drain runs as tasks on a shared scheduler (no thread per shard), one task at a time per shard.
 * <p>
 * Latency: handing a burst to the scheduler costs a thread wake-up. While dispatches stream in (a drain found more
 * than one), the drain waits briefly for the next one before giving the worker back, so a sustained stream is
 * delivered by one hot task instead of one wake-up per dispatch; a lone dispatch never waits. A sink that declares
 * itself {@link ShardSink#nonBlocking() non-blocking} is called directly on the offering (I/O) thread instead.
 */
public final class DispatchBuffer {

	/** How long a drain that is in a stream waits for the next dispatch before returning the worker. */
	private static final long LINGER_NANOS = 50_000;

	private final Queue<GatewayDispatch> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicInteger wip = new AtomicInteger();

	private final int capacity;

	private final ShardSink sink;

	private final Scheduler scheduler;

	private final boolean inline;

	private final Logger log;

	private final AtomicReference<Runnable> roomCallback = new AtomicReference<>();

	private volatile Runnable whenDrained;

	public DispatchBuffer(int capacity, ShardSink sink, Scheduler scheduler, Logger log) {
		this.capacity = capacity;
		this.sink = sink;
		this.scheduler = scheduler;
		this.inline = sink.nonBlocking();
		this.log = log;
	}

	/** Enqueue (never drops; the reader keeps at most about {@code capacity} items by pausing). */
	public void offer(GatewayDispatch dispatch) {
		this.queue.offer(dispatch);
		this.size.incrementAndGet();
		schedule();
	}

	public boolean isFull() {
		return this.size.get() >= this.capacity;
	}

	public int size() {
		return this.size.get();
	}

	/** Run {@code callback} once, as soon as there is room (at once if there is room now). */
	public void onRoom(Runnable callback) {
		this.roomCallback.set(callback);
		if (!isFull()) {
			fireRoom();
		}
	}

	/** Deliver what is queued, then run {@code callback} once (shard terminated). */
	public void whenDrained(Runnable callback) {
		this.whenDrained = callback;
		schedule();
	}

	private void fireRoom() {
		Runnable r = this.roomCallback.getAndSet(null);
		if (r != null) {
			r.run();
		}
	}

	private void schedule() {
		if (this.wip.getAndIncrement() == 0) {
			if (this.inline) {
				drain();
			}
			else {
				this.scheduler.schedule(this::drain);
			}
		}
	}

	private void drain() {
		int missed = 1;
		int delivered = 0;
		while (true) {
			GatewayDispatch d;
			while ((d = this.queue.poll()) != null) {
				this.size.decrementAndGet();
				if (this.roomCallback.get() != null && !isFull()) {
					fireRoom();
				}
				try {
					this.sink.onDispatch(d);
				}
				catch (Throwable ex) {
					this.log.error("Sink failed on {}; continuing", d, ex);
				}
				delivered++;
			}
			Runnable done = this.whenDrained;
			if (done != null && this.queue.isEmpty()) {
				this.whenDrained = null;
				done.run();
			}
			if (delivered > 1 && !this.inline && lingered()) {
				continue;
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
			delivered = 0;
		}
	}

	/** In a stream: wait up to {@link #LINGER_NANOS} for the next dispatch. */
	private boolean lingered() {
		long deadline = System.nanoTime() + LINGER_NANOS;
		while (this.queue.isEmpty()) {
			if (System.nanoTime() - deadline > 0 || this.whenDrained != null) {
				return false;
			}
			Thread.onSpinWait();
		}
		return true;
	}

}
