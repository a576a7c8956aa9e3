package dev.shard.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads of one's own that call shards' sinks (event listeners) off the I/O threads; shards given none
 * ({@link ShardConfig.Builder#deliveryThreads(DeliveryThreads)}) share a default pool. Each shard is given one thread
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
 * buffer is full, their sockets are not read; heartbeats are unaffected), for at most {@link #BLOCKED_LIMIT}: a
 * watchdog then logs the blocked thread's stack and moves the lane's other work to a new thread; the blocked one
 * ends when its call returns. Give blocking listeners more lanes ({@code discord.gateway.delivery-threads}) or hand
 * their work to an executor of their own.
 */
public final class DeliveryThreads implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryThreads.class);

	/**
	 * How long an idle lane spins before it parks: covers the gap between frames of one socket read. Not on a single
	 * CPU, where spinning only keeps the I/O thread from producing.
	 */
	private static final long SPIN_NANOS = (Runtime.getRuntime().availableProcessors() > 1) ? 20_000 : 0;

	private static volatile DeliveryThreads shared;

	/** A listener call longer than this moves the other shards of its lane to a new thread. */
	static final Duration BLOCKED_LIMIT = Duration.ofSeconds(2);

	private final Lane[] lanes;

	private final boolean closeable;

	private final long blockedLimitNanos;

	private volatile boolean closed;

	private DeliveryThreads(int threads, String namePrefix, boolean closeable, Duration blockedLimit) {
		this(threads, namePrefix, closeable, blockedLimit, null);
	}

	private DeliveryThreads(int threads, String namePrefix, boolean closeable, Duration blockedLimit,
			ThreadFactory threadFactory) {
		if (threads < 1) {
			throw new IllegalArgumentException("threads must be at least 1");
		}
		this.lanes = new Lane[threads];
		for (int i = 0; i < threads; i++) {
			this.lanes[i] = new Lane(namePrefix + "-" + i, threadFactory);
		}
		this.closeable = closeable;
		this.blockedLimitNanos = blockedLimit.toNanos();
		Thread watchdog = new Thread(this::watch, namePrefix + "-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	/**
	 * The default of shards given no threads of their own: {@code max(2, available processors)} daemon threads,
	 * started on first use, never closed. Not API: one JVM-wide pool is an implementation detail of the default.
	 * @return the shared instance
	 */
	static DeliveryThreads shared() {
		DeliveryThreads s = shared;
		if (s == null) {
			synchronized (DeliveryThreads.class) {
				s = shared;
				if (s == null) {
					s = new DeliveryThreads(Math.max(2, Runtime.getRuntime().availableProcessors()),
							"shard-delivery", false, BLOCKED_LIMIT);
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
		return new DeliveryThreads(threads, namePrefix, true, BLOCKED_LIMIT);
	}

	/**
	 * Threads of one's own made by {@code threadFactory}, e.g. virtual threads on JDK 21 or later
	 * ({@code Thread.ofVirtual().factory()}): with as many lanes as the process has shards, each shard then has a
	 * thread of its own, so a listener that blocks holds up only its shard, and an idle lane costs almost nothing.
	 * Lanes start their thread on first use. {@link #close()} them after the shards that use them have stopped.
	 * @param threads the number of lanes
	 * @param namePrefix the thread name prefix
	 * @param threadFactory makes each lane's thread (named {@code namePrefix-<lane>} after it is made)
	 * @return the new instance
	 */
	public static DeliveryThreads create(int threads, String namePrefix, ThreadFactory threadFactory) {
		return new DeliveryThreads(threads, namePrefix, true, BLOCKED_LIMIT,
				Objects.requireNonNull(threadFactory, "threadFactory"));
	}

	/** For tests: a shorter blocked-call limit. */
	static DeliveryThreads create(int threads, String namePrefix, Duration blockedLimit) {
		return new DeliveryThreads(threads, namePrefix, true, blockedLimit);
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
	Executor lane(int shardId) {
		return this.lanes[Math.floorMod(shardId, this.lanes.length)];
	}

	/**
	 * Whether {@link #close()} was called.
	 * @return whether the threads are stopped
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/** Stops the threads (not allowed on {@link #shared()}); queued tasks are dropped. */
	@Override
	public void close() {
		if (!this.closeable) {
			throw new IllegalStateException("The shared delivery threads cannot be closed");
		}
		this.closed = true;
		for (Lane lane : this.lanes) {
			lane.stop();
		}
	}

	@Override
	public String toString() {
		return "DeliveryThreads[" + this.lanes.length + "]";
	}

	/** Watches the lanes: a task running longer than the limit gets its lane's other work moved to a new thread. */
	private void watch() {
		long period = Math.max(1_000_000, this.blockedLimitNanos / 4);
		while (!this.closed) {
			LockSupport.parkNanos(this, period);
			long now = System.nanoTime();
			for (Lane lane : this.lanes) {
				lane.checkBlocked(now, this.blockedLimitNanos);
			}
		}
	}

	/**
	 * One lane: tasks in order on one serving thread. When a task blocks past the limit, the serving thread is
	 * retired (it finishes that task, then exits) and a new one serves the rest of the queue. Order per shard holds:
	 * a shard has at most one drain task in flight, so its next one can only be queued after the stuck one returns.
	 */
	private static final class Lane implements Executor {

		private final String name;

		private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean started = new AtomicBoolean();

		private volatile Server server;

		private volatile boolean stopped;

		private int generation;

		/** Makes the lane's threads, or {@code null} for daemon platform threads. */
		private final ThreadFactory threadFactory;

		Lane(String name, ThreadFactory threadFactory) {
			this.name = name;
			this.threadFactory = threadFactory;
		}

		@Override
		public void execute(Runnable task) {
			if (this.stopped) {
				throw new IllegalStateException(this.name + " is stopped");
			}
			this.tasks.offer(task);
			if (!this.started.get() && this.started.compareAndSet(false, true)) {
				startServer();
				return;
			}
			// a volatile read after the offer; the server sets parked before re-checking the queue, so one of the two
			// always sees the other
			Server s = this.server;
			if (s != null && s.parked) {
				LockSupport.unpark(s.thread);
			}
		}

		private synchronized void startServer() {
			Server s = new Server((this.generation == 0) ? this.name : this.name + "." + this.generation);
			this.generation++;
			this.server = s;
			s.thread.start();
		}

		void checkBlocked(long now, long limitNanos) {
			Server s = this.server;
			long start = (s != null) ? s.taskStart : 0;
			if (start == 0 || now - start <= limitNanos || this.stopped) {
				return;
			}
			s.retired = true;
			Throwable where = new Throwable("stack of " + s.thread.getName());
			where.setStackTrace(s.thread.getStackTrace());
			logger.warn("{} has been in one listener call for {} ms (a blocking listener?); the other shards on it "
					+ "move to a new thread, the blocked one ends when the call returns", s.thread.getName(),
					(now - start) / 1_000_000, where);
			startServer();
		}

		void stop() {
			this.stopped = true;
			Server s = this.server;
			if (s != null) {
				LockSupport.unpark(s.thread);
			}
		}

		private final class Server implements Runnable {

			final Thread thread;

			/** When the current task started ({@code System.nanoTime()}), 0 while idle. */
			volatile long taskStart;

			volatile boolean parked;

			/** Replaced by a new server: finish the current task, then exit. */
			volatile boolean retired;

			Server(String threadName) {
				ThreadFactory factory = Lane.this.threadFactory;
				if (factory != null) {
					this.thread = factory.newThread(this);
					this.thread.setName(threadName);
				}
				else {
					this.thread = new Thread(this, threadName);
					this.thread.setDaemon(true);
				}
			}

			@Override
			public void run() {
				while (!Lane.this.stopped && !this.retired) {
					Runnable task = Lane.this.tasks.poll();
					if (task == null) {
						task = spinForTask();
					}
					if (task == null) {
						this.parked = true;
						if (Lane.this.tasks.isEmpty() && !Lane.this.stopped && !this.retired) {
							LockSupport.park(this);
						}
						this.parked = false;
						continue;
					}
					long start = System.nanoTime();
					this.taskStart = (start != 0) ? start : 1;
					try {
						task.run();
					}
					catch (Throwable ex) {
						logger.error("Delivery task failed; the lane goes on", ex);
					}
					finally {
						this.taskStart = 0;
					}
				}
			}

			private Runnable spinForTask() {
				if (SPIN_NANOS == 0) {
					return null;
				}
				long deadline = System.nanoTime() + SPIN_NANOS;
				Runnable task;
				while ((task = Lane.this.tasks.poll()) == null && System.nanoTime() - deadline < 0) {
					Thread.onSpinWait();
				}
				return task;
			}

		}

	}

}
