package dev.shard.gateway;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import reactor.core.publisher.Mono;

/**
 * The bounded hand-off between a shard's I/O thread and its sink. It lives as long as the shard (not the
 * connection), so dispatches received before a reconnect are still delivered, in order, exactly once. The reader
 * stops reading the socket while {@link #isFull()}; {@link #onRoom(Runnable)} tells it when to read again. The
 * drain runs as a task on the shard's delivery lane (see {@link DeliveryThreads}), one task at a
 * time per shard; after {@link #BATCH} dispatches it goes to the back of the lane so that other shards on the lane
 * get their turn. A sink that declares itself {@link ShardSink#nonBlocking() non-blocking} is called directly on the
 * offering (I/O) thread instead.
 * <p>
 * It also knows how far delivery got: {@link #position()} is the sequence of the last dispatch handed to the sink
 * and returned (or skipped because nobody wants its type), tagged with the session epoch it belongs to. That, not
 * the last sequence received, is what a checkpoint that leaves the process may carry: everything received after it
 * is still in this buffer and would be lost with the process.
 */
final class DispatchBuffer {

	private static final boolean ONE_CPU = Runtime.getRuntime().availableProcessors() == 1;

	/** Dispatches delivered per turn on a shared lane. */
	static final int BATCH = 256;

	/** {@link #position()} when nothing of the current session epoch has been delivered. */
	public static final long NO_POSITION = 0;

	private static final int EPOCH_BITS = 16;

	private static final int SEQUENCE_BITS = 64 - EPOCH_BITS;

	private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

	/** The frame of internal markers (compared by identity): never handed to the sink. */
	private static final byte[] MARKER = new byte[0];

	private static final String SKIPPED = "(skipped)";

	private static final String NEW_SESSION = "(new session)";

	/** {@link GatewayDispatch}es, or {@link Prepared} ones when the sink prepared them on the offering thread. */
	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicInteger wip = new AtomicInteger();

	private final int capacity;

	private final ShardSink sink;

	private final Executor lane;

	private final boolean inline;

	private final Logger log;

	private final AtomicReference<Runnable> roomCallback = new AtomicReference<>();

	private volatile Runnable whenDrained;

	/** Epoch and sequence of the last dispatch delivered or skipped; see {@link #pack(int, long)}. */
	private final AtomicLong position = new AtomicLong();

	/** Whether a drain is running (on the lane, or inline); see {@link #isBehind()}. */
	private volatile boolean draining;

	/** The epoch the drain is in; only touched by whoever holds {@link #wip}. */
	private int epoch;

	private final Runnable drainTask = this::drain;

	private final Runnable submitDrain = this::startDrain;

	public DispatchBuffer(int capacity, ShardSink sink, Executor lane, Logger log) {
		this(capacity, sink, lane, log, -1, null);
	}

	/**
	 * A buffer that may have to wait for an earlier one of the same shard.
	 * @param capacity items kept before {@link #isFull()}
	 * @param sink the sink
	 * @param lane where the sink is called (ignored for a non-blocking sink)
	 * @param log the shard's logger
	 * @param startSequence the sequence already delivered when this buffer starts (a resumed session's), or -1
	 * @param after when given, nothing is delivered (dispatches are only queued) until it completes, successfully
	 * or not: e.g. the previous buffer of the same shard draining, so that a restarted shard keeps its order
	 */
	public DispatchBuffer(int capacity, ShardSink sink, Executor lane, Logger log, long startSequence,
			Mono<?> after) {
		this.capacity = capacity;
		this.sink = sink;
		this.lane = lane;
		this.inline = sink.nonBlocking();
		this.log = log;
		long start = (startSequence >= 0) ? pack(0, startSequence) : NO_POSITION;
		if (after == null) {
			this.position.set(start);
			return;
		}
		// hold the drain token: offers only queue, nothing is delivered until the earlier buffer is done; the
		// start position (the resumed sequence) is only true once the earlier buffer delivered up to it
		this.wip.set(1);
		after.subscribe(null, (ex) -> open(start), () -> open(start));
	}

	private void open(long start) {
		this.position.set(start);
		if (this.inline) {
			drain();
		}
		else {
			startDrain();
		}
	}

	/**
	 * Pack a session epoch and a sequence into one {@code long}, so that both are read at once.
	 * @param epoch the epoch (only its low 16 bits are kept)
	 * @param sequence the sequence (0 or more)
	 * @return the packed position, never {@link #NO_POSITION}
	 */
	public static long pack(int epoch, long sequence) {
		return ((long) (epoch & 0xFFFF) << SEQUENCE_BITS) | ((sequence + 1) & SEQUENCE_MASK);
	}

	/** The epoch of a {@link #position()} (its low 16 bits). */
	public static int epochOf(long position) {
		return (int) (position >>> SEQUENCE_BITS);
	}

	/** The sequence of a {@link #position()}, -1 for {@link #NO_POSITION}. */
	public static long sequenceOf(long position) {
		return (position & SEQUENCE_MASK) - 1;
	}

	/** Whether a position belongs to {@code epoch} (compared on the low 16 bits) and has a sequence. */
	public static boolean isOf(long position, int epoch) {
		return sequenceOf(position) >= 0 && epochOf(position) == (epoch & 0xFFFF);
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
		offer(dispatch, null, later);
	}

	/**
	 * Enqueue with what {@link ShardSink#prepare} returned for it, as {@link #offer(GatewayDispatch, Executor)}.
	 * @param dispatch the dispatch
	 * @param prepared the sink's prepared value, or {@code null}
	 * @param later as for {@link #offer(GatewayDispatch, Executor)}
	 */
	public void offer(GatewayDispatch dispatch, Object prepared, Executor later) {
		this.queue.offer((prepared != null) ? new Prepared(dispatch, prepared) : dispatch);
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
					startDrain();
				}
			}
			else {
				startDrain();
			}
		}
	}

	/**
	 * A dispatch nobody wants: it is not delivered, but delivery has passed its sequence once everything before it
	 * was delivered. At once when nothing is queued, else as a marker in the queue.
	 * @param shardId the shard
	 * @param sequence its sequence
	 * @param later as for {@link #offer}
	 */
	public void skip(int shardId, long sequence, Executor later) {
		if (this.wip.compareAndSet(0, 1)) {
			this.position.set(pack(this.epoch, sequence));
			if (this.wip.decrementAndGet() != 0) {
				// offered meanwhile (by another thread): that offer saw the token held and left the drain to us
				startHeldDrain();
			}
			return;
		}
		offer(new GatewayDispatch(shardId, sequence, SKIPPED, MARKER, 0), later);
	}

	/**
	 * A new session starts (IDENTIFY): what is queued before belongs to the old one. Once the drain passes this
	 * point, {@link #position()} is {@link #NO_POSITION} in the new epoch until its first dispatch is delivered.
	 * @param shardId the shard
	 * @param newEpoch the new session's epoch
	 */
	public void newSession(int shardId, int newEpoch) {
		offer(new GatewayDispatch(shardId, newEpoch, NEW_SESSION, MARKER, 0), null);
	}

	/** Epoch and sequence of the last dispatch delivered (or skipped); decode with {@link #sequenceOf(long)}. */
	public long position() {
		return this.position.get();
	}

	/** Whether the sink is called on the offering thread ({@link ShardSink#nonBlocking()}). */
	boolean isInline() {
		return this.inline;
	}

	/**
	 * Whether delivery is behind: the drain is at work and dispatches are still waiting for it. (Not while a drain
	 * is only scheduled: dispatches offered before it runs are the drain's to bind.) On a single CPU the two threads
	 * cannot run at once, and every bit of work left to the delivery thread measured as more context switches
	 * (12-27 per 1,000 events instead of 5): there, any dispatch still waiting counts.
	 */
	boolean isBehind() {
		return (this.draining || ONE_CPU) && this.size.get() > 0;
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

	/** Never throws: whatever the callback (the reader's resume, on an event loop that may be shutting down) does. */
	private void fireRoom() {
		Runnable r = this.roomCallback.getAndSet(null);
		if (r != null) {
			try {
				r.run();
			}
			catch (Throwable ex) {
				this.log.warn("Resuming reads failed ({}); delivery goes on", ex.toString());
			}
		}
	}

	/** Run the drain on the lane; a lane that refuses (closed) must not leave the token held for good. */
	private void startDrain() {
		try {
			this.lane.execute(this.drainTask);
		}
		catch (RuntimeException ex) {
			this.log.warn("Delivery lane refused the shard's dispatches ({}); delivering on this thread", ex.toString());
			drain();
		}
	}

	private boolean yieldLane() {
		try {
			this.lane.execute(this.drainTask);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void startHeldDrain() {
		if (this.inline) {
			drain();
		}
		else {
			startDrain();
		}
	}

	private void schedule() {
		if (this.wip.getAndIncrement() == 0) {
			startHeldDrain();
		}
	}

	private void drain() {
		this.draining = true;
		try {
			drainQueue();
		}
		finally {
			this.draining = false;
		}
	}

	private void drainQueue() {
		int missed = 1;
		int delivered = 0;
		while (true) {
			Object item;
			while ((item = this.queue.poll()) != null) {
				GatewayDispatch d;
				Object prepared;
				if (item instanceof Prepared p) {
					d = p.dispatch;
					prepared = p.value;
				}
				else {
					d = (GatewayDispatch) item;
					prepared = null;
				}
				this.size.decrementAndGet();
				if (this.roomCallback.get() != null && !isFull()) {
					fireRoom();
				}
				if (d.frame() == MARKER) {
					if (d.type() == NEW_SESSION) {
						this.epoch = (int) d.sequence();
						this.position.lazySet(NO_POSITION);
					}
					else {
						this.position.lazySet(pack(this.epoch, d.sequence()));
					}
					continue;
				}
				try {
					this.sink.onDispatch(d, prepared);
				}
				catch (Throwable ex) {
					this.log.error("Sink failed on {}; continuing", d, ex);
				}
				// an ordered store, not a fence per dispatch: readers (checkpoints) only need it soon
				this.position.lazySet(pack(this.epoch, d.sequence()));
				if (++delivered == BATCH && !this.inline && yieldLane()) {
					// the lane's other shards get their turn; wip stays > 0, so nobody else schedules a drain
					return;
				}
			}
			Runnable done = this.whenDrained;
			if (done != null && this.queue.isEmpty()) {
				this.whenDrained = null;
				try {
					done.run();
				}
				catch (Throwable ex) {
					this.log.warn("Drained callback failed", ex);
				}
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	/** A dispatch with the sink's {@link ShardSink#prepare prepared} value. */
	private record Prepared(GatewayDispatch dispatch, Object value) {
	}

}
