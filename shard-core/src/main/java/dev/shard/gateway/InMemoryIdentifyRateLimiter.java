package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * An {@link IdentifyRateLimiter} for the shards of one process.
 * <p>
 * One queue per rate-limit bucket ({@code shardId % maxConcurrency}), ordered by shard id (then arrival): shards
 * identify in ascending order even when their connections open out of order, as Discord asks. (A shard that
 * queues again after op 9 therefore goes ahead of higher ids of its bucket; other buckets never notice.) A bucket lets one
 * identify through per window plus a safety margin ({@link #safetyMargin()}, 5 % of the window) after the bucket's
 * previous grant, and never less than a full window after that previous IDENTIFY was settled
 * ({@link #identifySettled}: READY, op 9 or the end of its connection, which shards report). Answers normally come
 * well inside the margin, so shards that queue together are released by the same timer tick and the shards of one
 * window identify together; a bucket whose answer was slower moves on by the difference. No thread is held while waiting: one
 * {@link Scheduler} task is pending at most, for the earliest bucket that becomes free, which also makes the class
 * testable with {@code StepVerifier.withVirtualTime}.
 * <p>
 * Why: the server starts a bucket's window when an IDENTIFY <em>arrives</em> and is processed. Between our permit
 * and that moment lie the hop to the shard's event loop, serialisation and the write (up to ~60 ms on a cold JVM
 * for the first shards, under a millisecond later), then the network and the server's own queue (up to ~110 ms
 * for the first identifies against a cold simulator). Timed from the grant, a bucket whose previous IDENTIFY was
 * slow to reach the server reopens early on the server's clock, although the two grants were a full window
 * apart: 32 shards at max_concurrency 8 with a 1 s window broke the simulator's rule 16 times that way (each
 * breach costs an op 9, a 1-5 s wait and a slot of the bucket). The answer (READY or op 9) comes after the server
 * counted the IDENTIFY, so a window counted from it cannot open early on the server's clock, whatever the
 * delays were. Until the answer is reported, the bucket stays closed for up to one more window (a caller that
 * never reports, e.g. one that calls {@link #acquire} by hand, gets two windows plus the margin per identify: slow,
 * never early). The margin keeps the windows of all buckets on one tick and covers an IDENTIFY still in flight when
 * its connection ended.
 * <p>
 * When seeded with a {@link SessionStartLimit}, every permit reserves one session start, given back if its IDENTIFY
 * is never sent ({@link #identifyAbandoned}, or a subscriber that cancels after the grant); when none are left,
 * {@link #acquire(int)} (and every queued waiter) fails with {@link SessionStartLimitExhaustedException} and
 * {@link #isExhausted()} stays {@code true} until {@code reset_after} has passed.
 */
public final class InMemoryIdentifyRateLimiter implements IdentifyRateLimiter {

	/** Discord's identify window per bucket. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

	/**
	 * The safety margin added to the window, as a fraction of it: 250 ms on Discord's 5 s window, for the spread of
	 * network and server-side delays between our write and the server's clock.
	 */
	public static final double SAFETY_MARGIN_FRACTION = 0.05;

	/** How long a session-start budget lasts once it has reset (Discord's is daily). */
	public static final Duration DEFAULT_BUDGET_PERIOD = Duration.ofDays(1);

	private static final Logger logger = LoggerFactory.getLogger(InMemoryIdentifyRateLimiter.class);

	private static final Comparator<Waiter> ORDER = Comparator.comparingInt(Waiter::shardId)
		.thenComparingLong(Waiter::arrival);

	private final Object lock = new Object();

	private final long windowNanos;

	/** Window plus safety margin: the least gap between two identifies of one bucket, on our clock. */
	private final long gapNanos;

	private final long budgetPeriodNanos;

	private final Scheduler scheduler;

	private int maxConcurrency;

	private PriorityQueue<Waiter>[] queues;

	/** Scheduler time (nanos) of each bucket's last grant; {@link Long#MIN_VALUE} when never granted. */
	private long[] lastStart;

	/** Scheduler time (nanos) when each bucket's last grant was reported settled. */
	private long[] lastSettle;

	/** The fencing token of each bucket's last grant, to match {@link #identifySettled} to it. */
	private long[] lastToken;

	/** Whether each bucket's last grant was reported settled (true for a bucket never granted). */
	private boolean[] settled;

	private long arrivals;

	private long grants;

	private Disposable timer;

	private long timerAt;

	// The session-start budget; total < 0 means unknown (no budget check).
	private int total = -1;

	private int remaining;

	private long resetAt;

	/** The last grant's token when the budget was (re)filled: only later grants may be given back. */
	private long budgetStartToken;

	/** A limiter with one bucket and Discord's 5-second window on the parallel scheduler. */
	public InMemoryIdentifyRateLimiter() {
		this(1);
	}

	public InMemoryIdentifyRateLimiter(int maxConcurrency) {
		this(maxConcurrency, DEFAULT_WINDOW);
	}

	public InMemoryIdentifyRateLimiter(int maxConcurrency, Duration window) {
		this(maxConcurrency, window, Schedulers.parallel());
	}

	/**
	 * @param maxConcurrency the number of buckets (until {@link #updateSessionStartLimit} changes it)
	 * @param window the server's identify window per bucket (5 s on Discord; shorter in tests); the limiter keeps
	 *     two identifies of one bucket at least this plus {@link #safetyMargin()} apart
	 * @param scheduler the clock and timer (a {@code VirtualTimeScheduler} in tests)
	 */
	public InMemoryIdentifyRateLimiter(int maxConcurrency, Duration window, Scheduler scheduler) {
		this(maxConcurrency, window, DEFAULT_BUDGET_PERIOD, scheduler);
	}

	public InMemoryIdentifyRateLimiter(int maxConcurrency, Duration window, Duration budgetPeriod,
			Scheduler scheduler) {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
		}
		if (window == null || window.isNegative()) {
			throw new IllegalArgumentException("window must not be negative");
		}
		this.windowNanos = window.toNanos();
		this.gapNanos = this.windowNanos + (long) (this.windowNanos * SAFETY_MARGIN_FRACTION);
		this.budgetPeriodNanos = Objects.requireNonNull(budgetPeriod, "budgetPeriod").toNanos();
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.maxConcurrency = maxConcurrency;
		this.queues = newQueues(maxConcurrency);
		this.lastStart = new long[maxConcurrency];
		Arrays.fill(this.lastStart, Long.MIN_VALUE);
		this.lastToken = new long[maxConcurrency];
		this.settled = new boolean[maxConcurrency];
		Arrays.fill(this.settled, true);
		this.lastSettle = new long[maxConcurrency];
		Arrays.fill(this.lastSettle, Long.MIN_VALUE);
	}

	@Override
	public Mono<IdentifyPermit> acquire(int shardId) {
		if (shardId < 0) {
			return Mono.error(new IllegalArgumentException("shardId must not be negative, was " + shardId));
		}
		return Mono.create((sink) -> enqueue(shardId, sink));
	}

	private void enqueue(int shardId, MonoSink<IdentifyPermit> sink) {
		Waiter waiter;
		SessionStartLimitExhaustedException exhausted;
		synchronized (this.lock) {
			waiter = new Waiter(shardId, this.arrivals++, sink);
		}
		// Register before queueing, so that a cancel racing with the grant never leaves a dead waiter behind.
		sink.onCancel(() -> {
			boolean refunded;
			synchronized (this.lock) {
				waiter.cancelled = true;
				this.queues[waiter.shardId % this.maxConcurrency].remove(waiter);
				// granted, but the subscriber left before the permit reached it: nothing will be sent with it
				refunded = waiter.permit != null && refund(waiter.permit);
			}
			if (refunded) {
				logger.debug("Identify permit of shard {} cancelled after its grant; session start given back",
						waiter.shardId);
			}
		});
		synchronized (this.lock) {
			exhausted = exhaustedError(now());
			if (exhausted == null && !waiter.cancelled) {
				this.queues[shardId % this.maxConcurrency].add(waiter);
			}
		}
		if (exhausted != null) {
			sink.error(exhausted);
			return;
		}
		drain();
	}

	/**
	 * Give a granted permit's session start back, unless the budget was reset or re-seeded since (the grant then
	 * counted against an older budget). Caller holds the lock.
	 */
	private boolean refund(IdentifyPermit permit) {
		if (this.total < 0 || permit.fencingToken() <= this.budgetStartToken || this.remaining >= this.total) {
			return false;
		}
		this.remaining++;
		return true;
	}

	/** Grant every bucket head that may go now, fail everything if the budget ran out, and arm the timer. */
	private void drain() {
		List<Waiter> granted = new ArrayList<>();
		List<Waiter> refused = new ArrayList<>();
		SessionStartLimitExhaustedException exhausted = null;
		synchronized (this.lock) {
			long now = now();
			long earliest = Long.MAX_VALUE;
			for (int bucket = 0; bucket < this.maxConcurrency; bucket++) {
				PriorityQueue<Waiter> queue = this.queues[bucket];
				if (queue.isEmpty()) {
					continue;
				}
				long freeAt = freeAt(bucket);
				if (freeAt > now) {
					earliest = Math.min(earliest, freeAt);
					continue;
				}
				exhausted = exhaustedError(now);
				if (exhausted != null) {
					break;
				}
				Waiter waiter = queue.poll();
				if (waiter.cancelled) {
					bucket--;
					continue;
				}
				this.lastStart[bucket] = now;
				this.lastToken[bucket] = ++this.grants;
				this.settled[bucket] = false;
				if (this.total >= 0) {
					this.remaining--;
				}
				waiter.permit = new IdentifyPermit(waiter.shardId, bucket, this.grants);
				granted.add(waiter);
				if (!queue.isEmpty()) {
					earliest = Math.min(earliest, freeAt(bucket));
				}
			}
			if (exhausted == null && this.total >= 0 && this.remaining <= 0) {
				// The last start was just spent: nobody queued can go before the reset, so say so now.
				exhausted = exhaustedError(now);
			}
			if (exhausted != null) {
				for (PriorityQueue<Waiter> queue : this.queues) {
					refused.addAll(queue);
					queue.clear();
				}
				earliest = Long.MAX_VALUE;
			}
			armTimer(now, earliest);
		}
		// Emit outside the lock: a subscriber may call acquire() again synchronously.
		for (Waiter waiter : granted) {
			waiter.sink.success(waiter.permit);
		}
		if (!refused.isEmpty()) {
			logger.error("Session-start budget exhausted; refusing {} queued identify(s) instead of burning the token",
					refused.size());
			for (Waiter waiter : refused) {
				waiter.sink.error(exhausted);
			}
		}
	}

	private long freeAt(int bucket) {
		long last = this.lastStart[bucket];
		if (last == Long.MIN_VALUE) {
			return Long.MIN_VALUE;
		}
		if (!this.settled[bucket]) {
			// unanswered: the server may not have counted it yet, so hold the bucket up to one more window
			return last + this.gapNanos + this.windowNanos;
		}
		long settle = this.lastSettle[bucket];
		return (settle == Long.MIN_VALUE) ? last + this.gapNanos
				: Math.max(last + this.gapNanos, settle + this.windowNanos);
	}

	/**
	 * The permit's IDENTIFY has just been answered: its bucket may reopen a window from now (or at grant + window +
	 * margin, if later). Only for the bucket's latest grant: a late report of an older one, or one from before a
	 * re-bucketing, changes nothing.
	 */
	/**
	 * The permit's IDENTIFY was never sent: its session start is given back (if the budget was not reset since the
	 * grant), and its bucket is treated as settled.
	 */
	@Override
	public void identifyAbandoned(IdentifyPermit permit) {
		Objects.requireNonNull(permit, "permit");
		synchronized (this.lock) {
			refund(permit);
		}
		identifySettled(permit);
	}

	@Override
	public void identifySettled(IdentifyPermit permit) {
		Objects.requireNonNull(permit, "permit");
		synchronized (this.lock) {
			int bucket = permit.bucket();
			if (bucket < 0 || bucket >= this.lastToken.length || this.lastToken[bucket] != permit.fencingToken()
					|| permit.fencingToken() == 0) {
				return;
			}
			this.lastSettle[bucket] = now();
			this.settled[bucket] = true;
		}
		// usually brings the bucket's next grant forward (the hold ends): re-arm the timer
		drain();
	}

	private void armTimer(long now, long at) {
		if (at == Long.MAX_VALUE) {
			return;
		}
		if (this.timer != null && !this.timer.isDisposed() && this.timerAt <= at) {
			return;
		}
		if (this.timer != null) {
			this.timer.dispose();
		}
		this.timerAt = at;
		this.timer = this.scheduler.schedule(this::onTimer, Math.max(0, at - now), TimeUnit.NANOSECONDS);
	}

	private void onTimer() {
		synchronized (this.lock) {
			this.timer = null;
		}
		drain();
	}

	/** The error to fail with if the budget is spent now, refilling it first if its reset time has passed. */
	private SessionStartLimitExhaustedException exhaustedError(long now) {
		if (this.total < 0) {
			return null;
		}
		if (now >= this.resetAt) {
			if (this.remaining < this.total) {
				logger.info("Session-start budget reset: {} starts available", this.total);
			}
			this.remaining = this.total;
			this.resetAt = now + this.budgetPeriodNanos;
			this.budgetStartToken = this.grants;
		}
		if (this.remaining > 0) {
			return null;
		}
		return new SessionStartLimitExhaustedException(Duration.ofNanos(this.resetAt - now));
	}

	@Override
	public void updateSessionStartLimit(SessionStartLimit limit) {
		Objects.requireNonNull(limit, "limit");
		synchronized (this.lock) {
			long now = now();
			this.total = Math.max(0, limit.total());
			this.remaining = Math.max(0, Math.min(limit.remaining(), this.total));
			this.resetAt = now + limit.resetAfter().toNanos();
			this.budgetStartToken = this.grants;
			if (limit.maxConcurrency() != this.maxConcurrency) {
				rebucket(limit.maxConcurrency());
			}
		}
		drain();
	}

	/** Move the waiters to the new buckets; every new bucket waits a full window after the latest identify. */
	private void rebucket(int newMaxConcurrency) {
		long latest = Long.MIN_VALUE;
		for (long last : this.lastStart) {
			latest = Math.max(latest, last);
		}
		PriorityQueue<Waiter>[] newQueues = newQueues(newMaxConcurrency);
		for (PriorityQueue<Waiter> queue : this.queues) {
			for (Waiter waiter : queue) {
				newQueues[waiter.shardId % newMaxConcurrency].add(waiter);
			}
		}
		this.queues = newQueues;
		this.lastStart = new long[newMaxConcurrency];
		Arrays.fill(this.lastStart, latest);
		this.lastToken = new long[newMaxConcurrency];
		this.settled = new boolean[newMaxConcurrency];
		Arrays.fill(this.settled, true);
		this.lastSettle = new long[newMaxConcurrency];
		Arrays.fill(this.lastSettle, Long.MIN_VALUE);
		this.maxConcurrency = newMaxConcurrency;
	}

	@Override
	public Optional<SessionStartLimit> sessionStartLimit() {
		synchronized (this.lock) {
			if (this.total < 0) {
				return Optional.empty();
			}
			long now = now();
			exhaustedError(now);
			return Optional.of(new SessionStartLimit(this.total, this.remaining,
					Duration.ofNanos(Math.max(0, this.resetAt - now)), this.maxConcurrency));
		}
	}

	@Override
	public boolean isExhausted() {
		synchronized (this.lock) {
			return exhaustedError(now()) != null;
		}
	}

	/** The current number of buckets. */
	public int maxConcurrency() {
		synchronized (this.lock) {
			return this.maxConcurrency;
		}
	}

	/** Shards currently waiting for a permit. */
	public int queued() {
		synchronized (this.lock) {
			int n = 0;
			for (PriorityQueue<Waiter> queue : this.queues) {
				n += queue.size();
			}
			return n;
		}
	}

	/** The identify window (the server's). */
	public Duration window() {
		return Duration.ofNanos(this.windowNanos);
	}

	/** What is added to the window on our clock ({@link #SAFETY_MARGIN_FRACTION} of it). */
	public Duration safetyMargin() {
		return Duration.ofNanos(this.gapNanos - this.windowNanos);
	}

	private long now() {
		return this.scheduler.now(TimeUnit.NANOSECONDS);
	}

	@SuppressWarnings("unchecked")
	private static PriorityQueue<Waiter>[] newQueues(int n) {
		PriorityQueue<Waiter>[] queues = new PriorityQueue[n];
		for (int i = 0; i < n; i++) {
			queues[i] = new PriorityQueue<>(ORDER);
		}
		return queues;
	}

	@Override
	public String toString() {
		synchronized (this.lock) {
			return "InMemoryIdentifyRateLimiter[maxConcurrency=" + this.maxConcurrency + ", window="
					+ Duration.ofNanos(this.windowNanos) + "+" + safetyMargin() + ", queued=" + queued() + ", budget="
					+ ((this.total < 0) ? "unknown" : this.remaining + "/" + this.total) + "]";
		}
	}

	private static final class Waiter {

		private final int shardId;

		private final long arrival;

		private final MonoSink<IdentifyPermit> sink;

		private IdentifyPermit permit;

		private volatile boolean cancelled;

		Waiter(int shardId, long arrival, MonoSink<IdentifyPermit> sink) {
			this.shardId = shardId;
			this.arrival = arrival;
			this.sink = sink;
		}

		int shardId() {
			return this.shardId;
		}

		long arrival() {
			return this.arrival;
		}

	}

}
