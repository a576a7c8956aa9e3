package dev.shard.gateway.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ShardSink;
import org.slf4j.Logger;

/**
 * The bounded hand-off between a shard's I/O thread and its sink. It lives as long as the shard (not the
 * connection), so dispatches received before a reconnect are still delivered, in order, exactly once. The reader
 * stops requesting frames while {@link #isFull()}; {@link #onRoom(Runnable)} tells it when to read again. The
 * drain runs as a task on the shard's delivery lane (see {@link dev.shard.gateway.DeliveryThreads}), one task at a
 * time per shard; after {@link #BATCH} dispatches it goes to the back of the lane so that other shards on the lane
 * get their turn. A sink that declares itself {@link ShardSink#nonBlocking() non-blocking} is called directly on the
 * offering (I/O) thread instead.
 */
public final class DispatchBuffer {

	/** Dispatches delivered per turn on a shared lane. */
	static final int BATCH = 256;

	private final Queue<GatewayDispatch> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicInteger wip = new AtomicInteger();

	private final int capacity;

	private final ShardSink sink;

	private final Executor lane;

	private final boolean inline;

	private final Logger log;

	private final AtomicReference<Runnable> roomCallback = new AtomicReference<>();

	private volatile Runnable whenDrained;

	private final Runnable drainTask = this::drain;

	private final Runnable submitDrain = this::submitDrain;

	public DispatchBuffer(int capacity, ShardSink sink, Executor lane, Logger log) {
		this.capacity = capacity;
		this.sink = sink;
		this.lane = lane;
		this.inline = sink.nonBlocking();
		this.log = log;
	}

	/**
	 * Enqueue (never drops; the reader keeps at most about {@code capacity} items by pausing), and if the drain must
	 * be started, start it through {@code later} when given: a task queued on the offering event loop runs after the
	 * frames of the current socket read, so a burst of frames wakes the lane once instead of once per frame (on a
	 * busy core every wake-up was a context switch).
	 * @param dispatch the dispatch
	 * @param later runs a task on the calling thread after its current I/O, or {@code null} to start at once
	 */
	public void offer(GatewayDispatch dispatch, Executor later) {
		this.queue.offer(dispatch);
		this.size.incrementAndGet();
		if (this.wip.getAndIncrement() == 0) {
			if (this.inline) {
				drain();
			}
			else if (later != null) {
				try {
					later.execute(this.submitDrain);
				}
				catch (RejectedExecutionException ex) {
					// the event loop is shutting down: start now rather than never
					this.lane.execute(this.drainTask);
				}
			}
			else {
				this.lane.execute(this.drainTask);
			}
		}
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

	private void submitDrain() {
		this.lane.execute(this.drainTask);
	}

	private void schedule() {
		if (this.wip.getAndIncrement() == 0) {
			if (this.inline) {
				drain();
			}
			else {
				this.lane.execute(this.drainTask);
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
				if (++delivered == BATCH && !this.inline) {
					// give the lane to the other shards on it; wip stays > 0, so nobody else schedules a drain
					this.lane.execute(this.drainTask);
					return;
				}
			}
			Runnable done = this.whenDrained;
			if (done != null && this.queue.isEmpty()) {
				this.whenDrained = null;
				done.run();
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

}
