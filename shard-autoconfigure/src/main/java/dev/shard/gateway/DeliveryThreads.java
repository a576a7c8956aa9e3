package dev.shard.gateway;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that call shards' sinks (event listeners) off the I/O threads. Each shard is given one thread
 * ({@link #lane(int) lane}) by its id, so a shard's dispatches stay in order and several shards share a thread;
 * a shard whose buffer keeps filling gives the thread back after a batch so that the others on it are not
 * starved.
 * <p>
 * Why own threads instead of a general-purpose scheduler: handing each burst of dispatches to a pool as a new task
 * cost a task submission and a thread wake-up per burst, which measured as most of the default path's CPU per
 * event and a multi-millisecond p99 receive-to-listener latency. A lane thread spins briefly before it parks and is
 * only woken ({@code unpark}) when it parked, so a stream of dispatches costs a queue offer each.
 * <p>
 * A listener that blocks holds its lane: shards on the same lane wait (their dispatches stay buffered and, when the
 * buffer is full, their sockets are not read; heartbeats are unaffected). Give blocking listeners more lanes
 * ({@code discord.gateway.delivery-threads}) or hand their work to an executor of their own.
 */
public final class DeliveryThreads implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryThreads.class);

	/**
	 * How long an idle lane spins before it parks: covers the gap between frames of one socket read. Not on a single
	 * CPU, where spinning only keeps the I/O thread from producing.
	 */
	private static final long SPIN_NANOS = (Runtime.getRuntime().availableProcessors() > 1) ? 20_000 : 0;

	private static volatile DeliveryThreads shared;

	private final Lane[] lanes;

	private final boolean closeable;

	private DeliveryThreads(int threads, String namePrefix, boolean closeable) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1");
		}
		this.lanes = new Lane[threads];
		for (int i = 0; i < threads; i++) {
			this.lanes[i] = new Lane(namePrefix + "-" + i);
		}
		this.closeable = closeable;
	}

	/**
	 * The JVM-wide default: {@code max(2, available processors)} daemon threads, started on first use, never
	 * closed.
	 * @return the shared instance
	 */
	public static DeliveryThreads shared() {
		DeliveryThreads s = shared;
		if (s == null) {
			synchronized (DeliveryThreads.class) {
				s = shared;
				if (s == null) {
					s = new DeliveryThreads(Math.max(2, Runtime.getRuntime().availableProcessors()),
							"shard-delivery", false);
					shared = s;
				}
			}
		}
		return s;
	}

	/**
	 * Threads of one's own; {@link #close()} them after the shards that use them have stopped.
	 * @param threads the number of lanes (threads)
	 * @param namePrefix the thread name prefix
	 * @return the new instance
	 */
	public static DeliveryThreads create(int threads, String namePrefix) {
		return new DeliveryThreads(threads, namePrefix, true);
	}

	/**
	 * The number of lanes.
	 * @return the thread count
	 */
	public int size() {
		return this.lanes.length;
	}

	/**
	 * The lane of a shard: an executor that runs tasks one at a time, in submission order, on one thread.
	 * @param shardId the shard id
	 * @return the lane
	 */
	public Executor lane(int shardId) {
		return this.lanes[Math.floorMod(shardId, this.lanes.length)];
	}

	/** Stops the threads (not allowed on {@link #shared()}); queued tasks are dropped. */
	@Override
	public void close() {
		if (!this.closeable) {
			throw new IllegalStateException("The shared delivery threads cannot be closed");
		}
		for (Lane lane : this.lanes) {
			lane.stop();
		}
	}

	@Override
	public String toString() {
		return "DeliveryThreads[" + this.lanes.length + "]";
	}

	private static final class Lane implements Executor, Runnable {

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final Thread thread;

		private final AtomicBoolean started = new AtomicBoolean();

		private volatile boolean parked;

		private volatile boolean stopped;

		Lane(String name) {
			this.thread = new Thread(this, name);
			this.thread.setDaemon(true);
		}

		@Override
		public void execute(Runnable task) {
			if (this.stopped) {
				throw new IllegalStateException(this.thread.getName() + " is stopped");
			}
			this.tasks.offer(task);
			if (!this.started.get() && this.started.compareAndSet(false, true)) {
				this.thread.start();
			}
			// a volatile read after the offer; the lane sets parked before re-checking the queue, so one of the two
			// always sees the other
			else if (this.parked) {
				LockSupport.unpark(this.thread);
			}
		}

		void stop() {
			this.stopped = true;
			LockSupport.unpark(this.thread);
		}

		@Override
		public void run() {
			while (!this.stopped) {
				Runnable task = this.tasks.poll();
				if (task == null) {
					task = spinForTask();
				}
				if (task == null) {
					this.parked = true;
					if (this.tasks.isEmpty() && !this.stopped) {
						LockSupport.park(this);
					}
					this.parked = false;
					continue;
				}
				try {
					task.run();
				}
				catch (Throwable ex) {
					logger.error("Delivery task failed; the lane goes on", ex);
				}
			}
		}

		private Runnable spinForTask() {
			if (SPIN_NANOS == 0) {
				return null;
			}
			long deadline = System.nanoTime() + SPIN_NANOS;
			Runnable task;
			while ((task = this.tasks.poll()) == null && System.nanoTime() - deadline < 0) {
				Thread.onSpinWait();
			}
			return task;
		}

	}

}
