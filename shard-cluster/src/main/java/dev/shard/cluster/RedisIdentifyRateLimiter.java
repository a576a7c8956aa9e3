package dev.shard.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.SessionStartLimit;
import dev.shard.gateway.SessionStartLimitExhaustedException;
import dev.shard.gateway.ShardConfig;

/**
 * An {@link IdentifyRateLimiter} shared by every process of a bot through Redis.
 * <p>
 * <b>One identify per bucket per window.</b> A slot is a key per bucket ({@code <prefix>:identify:slot:<bucket>})
 * taken with one Lua script that checks the daily budget, refuses while the slot key lives, and otherwise
 * increments the bucket's fencing counter and sets the slot key to the new token. The permit is only handed out if
 * the script's reply arrived within {@code sendMargin} of sending it (measured locally, monotonic clock); a slower
 * reply (a GC pause, a slow network) burns the slot instead. {@link #isValid(IdentifyPermit)} re-checks that
 * deadline and that the permit's fencing token is still the newest this process saw for the bucket, so a shard can
 * check right before sending.
 * <p>
 * <b>Paced by what the gateway sees</b>, like {@link InMemoryIdentifyRateLimiter}: Discord counts an IDENTIFY when
 * it arrives, some varying time after the grant, so grant-to-grant pacing can let two of a bucket arrive less than a
 * window apart. The slot is therefore set for {@code window + sendMargin + 5 % of window} (the least gap after a
 * grant: permits at least a window plus the in-memory safety margin apart when they reach the shards) plus a
 * settle timeout of one more window (the in-memory limiter's hold for an unanswered identify). When the shard
 * reports the answer ({@link #identifySettled}), a second script, only if the slot still holds the permit's token,
 * sets its TTL to {@code window} from then, or to what is left of the least gap if that is longer. The answer comes
 * after the server counted the IDENTIFY, so the next grant, in any process, comes at least a window after it on the
 * server's clock. A process that dies before settling holds the bucket for the settle timeout only; a settle lost to
 * a Redis outage makes pacing slower, never faster.
 * <p>
 * <b>Daily budget.</b> {@code <prefix>:identify:budget} is a hash ({@code remaining}, {@code total},
 * {@code max_concurrency}, {@code reset_at}) that expires when Discord's window resets. {@link #updateSessionStartLimit}
 * seeds it if absent or if the answer is about a later window (the shard manager asks {@code /gateway/bot} again at
 * each reset), and otherwise only lowers {@code remaining}, never raises it; every granted slot reserves a start in
 * the same script, given back ({@link #identifyAbandoned}) if its IDENTIFY is never sent.
 * <p>
 * <b>Buckets.</b> {@code <prefix>:identify:max_concurrency} holds the bucket count of the last discovery of any
 * instance; an instance whose own count differs (e.g. it has not run discovery yet) adopts it before taking a slot,
 * so all instances map a shard to the same bucket. When it is spent, {@link #acquire(int)} errors with
 * {@link SessionStartLimitExhaustedException}. When it is unknown (never seeded, or expired), identifies are
 * paced but not counted, like the in-memory limiter before {@code /gateway/bot} was read.
 * <p>
 * <b>Redis unavailable.</b> Never identifies blindly: {@code acquire} keeps retrying with backoff (the shard
 * stays waiting to identify) and {@link #isAvailable()} turns false; cancelling the subscription leaves. No
 * ordering between processes (FIFO-ish only by chance); within a bucket the shard whose retry lands first wins.
 */
public final class RedisIdentifyRateLimiter implements IdentifyRateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(RedisIdentifyRateLimiter.class);

	/** Default Discord identify window per bucket. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

	// KEYS: slot, fence, budget, max_concurrency. ARGV: slot ttl ms, window ms, settle timeout ms, the caller's
	// max_concurrency. Replies: G:<token>:<budget reset_at or empty> granted, W:<ms> ask again then (the earliest the
	// slot can free: a settle now frees it a window from now, or when the least gap ends), X:<ms> exhausted,
	// M:<max_concurrency> the cluster's bucket count differs from the caller's (it re-buckets and asks again).
	static final String ACQUIRE_SCRIPT = """
			local mc = redis.call('GET', KEYS[4])
			if mc and mc ~= ARGV[4] then
				return 'M:' .. mc
			end
			local remaining = redis.call('HGET', KEYS[3], 'remaining')
			if remaining and tonumber(remaining) <= 0 then
				return 'X:' .. redis.call('PTTL', KEYS[3])
			end
			local ttl = redis.call('PTTL', KEYS[1])
			if ttl > 0 then
				return 'W:' .. math.min(ttl, math.max(tonumber(ARGV[2]), ttl - tonumber(ARGV[3])))
			end
			local token = redis.call('INCR', KEYS[2])
			redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
			local epoch = ''
			if remaining then
				redis.call('HINCRBY', KEYS[3], 'remaining', -1)
				epoch = redis.call('HGET', KEYS[3], 'reset_at') or ''
			end
			return 'G:' .. token .. ':' .. epoch
			""";

	// KEYS: budget. ARGV: the reset_at the grant was counted under. Gives one session start back if the budget is
	// still that one (not reset or re-seeded since). Replies: R refunded, N not.
	static final String REFUND_SCRIPT = """
			if ARGV[1] == '' or redis.call('HGET', KEYS[1], 'reset_at') ~= ARGV[1] then
				return 'N'
			end
			local remaining = redis.call('HINCRBY', KEYS[1], 'remaining', 1)
			local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
			if total and remaining > total then
				redis.call('HSET', KEYS[1], 'remaining', total)
			end
			return 'R'
			""";

	// KEYS: slot. ARGV: token, window ms, settle timeout ms. The slot's TTL minus the settle timeout is what is left
	// of the least gap after the grant. Replies: S:<ttl ms> settled, N:0 not this permit's slot (stale or expired).
	static final String SETTLE_SCRIPT = """
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then
				return 'N:0'
			end
			local ttl = math.max(tonumber(ARGV[2]), redis.call('PTTL', KEYS[1]) - tonumber(ARGV[3]))
			redis.call('PEXPIRE', KEYS[1], ttl)
			return 'S:' .. ttl
			""";

	// KEYS: budget, max_concurrency. ARGV: total, remaining, reset ms, max concurrency. Seeds if absent or if the
	// answer belongs to a later window than the stored one (its reset is later by more than half its reset_after:
	// answers about one window differ by network delays only); else only lowers remaining. The bucket count is
	// kept apart, without expiry, so that every instance buckets alike even before its own discovery.
	static final String SEED_SCRIPT = """
			redis.call('SET', KEYS[2], ARGV[4])
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local resetAt = now + tonumber(ARGV[3])
			local stored = tonumber(redis.call('HGET', KEYS[1], 'reset_at') or '0')
			if redis.call('EXISTS', KEYS[1]) == 0 or resetAt - stored > tonumber(ARGV[3]) / 2 then
				redis.call('DEL', KEYS[1])
				redis.call('HSET', KEYS[1], 'total', ARGV[1], 'remaining', ARGV[2], 'max_concurrency', ARGV[4],
					'reset_at', tostring(resetAt))
				redis.call('PEXPIRE', KEYS[1], ARGV[3])
				return 'seeded'
			end
			local current = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
			if current == nil or tonumber(ARGV[2]) < current then
				redis.call('HSET', KEYS[1], 'remaining', ARGV[2])
			end
			redis.call('HSET', KEYS[1], 'max_concurrency', ARGV[4])
			return 'kept'
			""";

	// KEYS: budget. Reply: remaining|total|max_concurrency|pttl, or empty when absent.
	static final String READ_BUDGET_SCRIPT = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return '' end
			local v = redis.call('HMGET', KEYS[1], 'remaining', 'total', 'max_concurrency')
			return v[1] .. '|' .. v[2] .. '|' .. v[3] .. '|' .. redis.call('PTTL', KEYS[1])
			""";

	private final ClusterRedisClient redis;

	private final String prefix;

	private final Duration window;

	private final Duration sendMargin;

	private final Duration retryMin;

	private final Duration retryMax;

	private volatile int maxConcurrency;

	private final AtomicReference<SessionStartLimit> budget = new AtomicReference<>();

	private final Map<Integer, Issued> lastIssued = new ConcurrentHashMap<>();

	private final AtomicLong granted = new AtomicLong();

	private final AtomicLong burned = new AtomicLong();

	private final AtomicLong deferredByOutage = new AtomicLong();

	private final AtomicLong refunded = new AtomicLong();

	/** Permits granted against a known budget and not yet settled: the budget's reset_at they were counted under. */
	private final Map<IdentifyPermit, String> reserved = new ConcurrentHashMap<>();

	private RedisIdentifyRateLimiter(Builder b) {
		this.redis = b.redis;
		this.prefix = b.keyPrefix;
		this.window = b.window;
		this.sendMargin = b.sendMargin;
		this.retryMin = b.retryMin;
		this.retryMax = b.retryMax;
		this.maxConcurrency = b.maxConcurrency;
	}

	public static Builder builder(ClusterRedisClient redis, String keyPrefix) {
		return new Builder(redis, keyPrefix);
	}

	@Override
	public Mono<IdentifyPermit> acquire(int shardId) {
		if (shardId < 0) {
			return Mono.error(new IllegalArgumentException("shardId must not be negative"));
		}
		return Mono.defer(() -> attempt(shardId, shardId % this.maxConcurrency, 0));
	}

	private Mono<IdentifyPermit> attempt(int shardId, int bucket, int outageAttempt) {
		long started = System.nanoTime();
		int buckets = this.maxConcurrency;
		String[] keys = { slotKey(bucket), this.prefix + ":identify:fence:" + bucket, budgetKey(),
				maxConcurrencyKey() };
		// held until settled (plus a window) or for the settle timeout past the least gap
		long slotMillis = leastGapMillis() + settleTimeoutMillis();
		String[] args = { Long.toString(slotMillis), Long.toString(this.window.toMillis()),
				Long.toString(settleTimeoutMillis()), Integer.toString(buckets) };
		return this.redis.eval(ACQUIRE_SCRIPT, keys, args).flatMap((reply) -> {
			String rest = reply.substring(2);
			int colon = rest.indexOf(':');
			long value = Long.parseLong((colon >= 0) ? rest.substring(0, colon) : rest);
			switch (reply.charAt(0)) {
				case 'G' -> {
					String epoch = (colon >= 0) ? rest.substring(colon + 1) : "";
					IdentifyPermit permit = new IdentifyPermit(shardId, bucket, value);
					long elapsed = System.nanoTime() - started;
					if (elapsed > this.sendMargin.toNanos()) {
						// The reply came too late to send inside our part of the slot: the slot is burned. Nothing
						// went out, so settle it at once (the bucket then waits the least gap only) and give its
						// session start back.
						this.burned.incrementAndGet();
						logger.warn("Identify slot for bucket {} (shard {}) answered after {} ms, more than the "
								+ "{} ms send margin; not using it", bucket, shardId, elapsed / 1_000_000,
								this.sendMargin.toMillis());
						decrementLocalBudget();
						this.reserved.put(permit, epoch);
						identifyAbandoned(permit);
						return retryAfter(Duration.ofMillis(leastGapMillis()), shardId, bucket, 0);
					}
					this.lastIssued.put(bucket, new Issued(value, started + this.sendMargin.toNanos()));
					this.granted.incrementAndGet();
					decrementLocalBudget();
					if (!epoch.isEmpty()) {
						this.reserved.put(permit, epoch);
					}
					return Mono.just(permit);
				}
				case 'M' -> {
					// Another instance's discovery says how many buckets the cluster has: use them, so that two
					// instances never put IDENTIFYs of one Discord bucket in two different slots.
					int clusterBuckets = (int) Math.max(1, value);
					if (clusterBuckets != this.maxConcurrency) {
						logger.info("Identify buckets: max_concurrency {} from the cluster (was {})", clusterBuckets,
								this.maxConcurrency);
						this.maxConcurrency = clusterBuckets;
					}
					return Mono.defer(() -> attempt(shardId, shardId % this.maxConcurrency, outageAttempt));
				}
				case 'W' -> {
					return retryAfter(Duration.ofMillis(value), shardId, bucket, 0);
				}
				case 'X' -> {
					Duration resetAfter = Duration.ofMillis(Math.max(value, 0));
					markExhausted(resetAfter);
					return Mono.error(new SessionStartLimitExhaustedException(resetAfter));
				}
				default -> {
					return Mono.error(new IllegalStateException("Unexpected limiter reply " + reply));
				}
			}
		}).onErrorResume(RedisUnavailableException.class, (ex) -> {
			this.deferredByOutage.incrementAndGet();
			Duration backoff = backoff(outageAttempt);
			logger.debug("Identify of shard {} deferred for {} ms: {}", shardId, backoff.toMillis(), ex.getMessage());
			return Mono.delay(backoff).then(Mono.defer(() -> attempt(shardId, bucket, outageAttempt + 1)));
		});
	}

	/**
	 * The permit's IDENTIFY was answered (or never went out): its bucket reopens a window from now, or at the end of
	 * the least gap after its grant if that is later. Asynchronous; only the slot still holding the permit's token
	 * changes, so a late report of an older permit, or one of another process's slot, is a no-op.
	 */
	@Override
	public void identifySettled(IdentifyPermit permit) {
		this.reserved.remove(permit);
		settle(permit).subscribe(null, (ex) -> logger.debug(
				"Could not settle the identify slot of bucket {}; it frees after the settle timeout: {}",
				permit.bucket(), ex.getMessage()));
	}

	/**
	 * The permit's IDENTIFY was never sent (the connection ended first, or it was no longer
	 * {@link #isValid valid}): its session start is given back, if the shared budget is still the one it was counted
	 * under, and its slot is settled. Asynchronous.
	 */
	@Override
	public void identifyAbandoned(IdentifyPermit permit) {
		Objects.requireNonNull(permit, "permit");
		String epoch = this.reserved.remove(permit);
		if (epoch != null) {
			this.redis.eval(REFUND_SCRIPT, new String[] { budgetKey() }, epoch).subscribe((reply) -> {
				if ("R".equals(reply)) {
					this.refunded.incrementAndGet();
					this.budget.updateAndGet((b) -> (b == null) ? null
							: new SessionStartLimit(b.total(), Math.min(b.total(), b.remaining() + 1), b.resetAfter(),
									b.maxConcurrency()));
				}
			}, (ex) -> logger.debug("Could not give an unused session start back: {}", ex.getMessage()));
		}
		identifySettled(permit);
	}

	/** Emits whether the slot held the permit's token and was re-timed. */
	Mono<Boolean> settle(IdentifyPermit permit) {
		Objects.requireNonNull(permit, "permit");
		if (permit.fencingToken() <= 0) {
			return Mono.just(false);
		}
		return this.redis
			.eval(SETTLE_SCRIPT, new String[] { slotKey(permit.bucket()) }, Long.toString(permit.fencingToken()),
					Long.toString(this.window.toMillis()), Long.toString(settleTimeoutMillis()))
			.map((reply) -> reply.charAt(0) == 'S');
	}

	/** The least time a bucket's slot is held after a grant, settled or not. */
	long leastGapMillis() {
		return this.window.toMillis() + this.sendMargin.toMillis()
				+ (long) (this.window.toMillis() * InMemoryIdentifyRateLimiter.SAFETY_MARGIN_FRACTION);
	}

	/** How long past the least gap an unsettled slot is held: one more window, as the in-memory limiter holds. */
	long settleTimeoutMillis() {
		return this.window.toMillis();
	}

	private Mono<IdentifyPermit> retryAfter(Duration wait, int shardId, int bucket, int outageAttempt) {
		// A little jitter so shards of several processes waiting on one bucket do not all ask at the same instant.
		long jitter = ThreadLocalRandom.current().nextLong(1, 15);
		return Mono.delay(wait.plusMillis(jitter)).then(Mono.defer(() -> attempt(shardId, bucket, outageAttempt)));
	}

	private Duration backoff(int attempt) {
		long max = this.retryMax.toMillis();
		long ceiling = Math.min(max, this.retryMin.toMillis() << Math.min(attempt, 20));
		return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
	}

	/**
	 * Whether a permit may still be used: its send deadline has not passed and no newer slot of its bucket was
	 * taken through this limiter. Cheap and local, meant to be called right before sending IDENTIFY.
	 * @param permit a permit from {@link #acquire(int)}
	 * @return whether sending IDENTIFY now is within the permit's slot
	 */
	@Override
	public boolean isValid(IdentifyPermit permit) {
		Issued issued = this.lastIssued.get(permit.bucket());
		return issued != null && issued.token == permit.fencingToken() && System.nanoTime() - issued.deadline < 0;
	}

	@Override
	public void updateSessionStartLimit(SessionStartLimit limit) {
		Objects.requireNonNull(limit, "limit");
		this.maxConcurrency = limit.maxConcurrency();
		long resetMillis = Math.max(1, limit.resetAfter().toMillis());
		this.redis
			.eval(SEED_SCRIPT, new String[] { budgetKey(), maxConcurrencyKey() }, Integer.toString(limit.total()),
					Integer.toString(limit.remaining()), Long.toString(resetMillis),
					Integer.toString(limit.maxConcurrency()))
			.then(refreshSessionStartLimit())
			.subscribe(null, (ex) -> logger.warn("Could not store the session-start limit in Redis: {}",
					ex.getMessage()));
	}

	/** Read the shared budget from Redis into {@link #sessionStartLimit()}. */
	public Mono<Optional<SessionStartLimit>> refreshSessionStartLimit() {
		return this.redis.eval(READ_BUDGET_SCRIPT, new String[] { budgetKey() }).map((reply) -> {
			if (reply.isEmpty()) {
				this.budget.set(null);
				return Optional.<SessionStartLimit>empty();
			}
			String[] parts = reply.split("\\|");
			SessionStartLimit limit = new SessionStartLimit(Integer.parseInt(parts[1]),
					Math.max(0, Integer.parseInt(parts[0])), Duration.ofMillis(Math.max(0, Long.parseLong(parts[3]))),
					Integer.parseInt(parts[2]));
			this.budget.set(limit);
			return Optional.of(limit);
		});
	}

	@Override
	public Optional<SessionStartLimit> sessionStartLimit() {
		return Optional.ofNullable(this.budget.get());
	}

	@Override
	public boolean isExhausted() {
		SessionStartLimit limit = this.budget.get();
		return limit != null && limit.remaining() <= 0;
	}

	/** Whether Redis answered the last command. */
	public boolean isAvailable() {
		return this.redis.isAvailable();
	}

	/** Permits handed out by this process (metrics). */
	public long grantedCount() {
		return this.granted.get();
	}

	/** Slots taken but not used because Redis answered too late (metrics). */
	public long burnedCount() {
		return this.burned.get();
	}

	/** Session starts given back because their permit's IDENTIFY was never sent (metrics). */
	public long refundedCount() {
		return this.refunded.get();
	}

	/** Acquire attempts deferred because Redis was unavailable (metrics). */
	public long deferredByOutageCount() {
		return this.deferredByOutage.get();
	}

	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	public Duration window() {
		return this.window;
	}

	private void decrementLocalBudget() {
		this.budget.updateAndGet((b) -> (b == null) ? null
				: new SessionStartLimit(b.total(), Math.max(0, b.remaining() - 1), b.resetAfter(), b.maxConcurrency()));
	}

	private void markExhausted(Duration resetAfter) {
		this.budget.updateAndGet((b) -> (b == null) ? null
				: new SessionStartLimit(b.total(), 0, resetAfter, b.maxConcurrency()));
	}

	String slotKey(int bucket) {
		return this.prefix + ":identify:slot:" + bucket;
	}

	String budgetKey() {
		return this.prefix + ":identify:budget";
	}

	String maxConcurrencyKey() {
		return this.prefix + ":identify:max_concurrency";
	}

	private record Issued(long token, long deadline) {
	}

	/** Builder of {@link RedisIdentifyRateLimiter}. */
	public static final class Builder {

		private final ClusterRedisClient redis;

		private final String keyPrefix;

		private Duration window = DEFAULT_WINDOW;

		private Duration sendMargin = Duration.ofMillis(500);

		private Duration retryMin = Duration.ofMillis(100);

		private Duration retryMax = Duration.ofSeconds(5);

		private int maxConcurrency = 1;

		private Builder(ClusterRedisClient redis, String keyPrefix) {
			this.redis = Objects.requireNonNull(redis, "redis");
			this.keyPrefix = ClusterRedisClient.requireText(keyPrefix, "keyPrefix");
		}

		/** The identify window per bucket (Discord: 5 s). Shorten only for tests against a simulator. */
		public Builder window(Duration window) {
			this.window = ShardConfig.requirePositive(window, "window");
			return this;
		}

		/**
		 * How long after asking Redis a granted slot may still be used; the slot is held for at least {@code window
		 * + sendMargin} (plus the safety margin) so permits of one bucket reach the shards a full window apart.
		 */
		public Builder sendMargin(Duration margin) {
			this.sendMargin = ShardConfig.requirePositive(margin, "sendMargin");
			return this;
		}

		/** Backoff bounds for retries while Redis is unavailable. */
		public Builder outageRetry(Duration min, Duration max) {
			this.retryMin = ShardConfig.requirePositive(min, "min");
			this.retryMax = ShardConfig.requirePositive(max, "max");
			return this;
		}

		/** Buckets until {@code /gateway/bot} says otherwise through {@code updateSessionStartLimit}. */
		public Builder maxConcurrency(int maxConcurrency) {
			if (maxConcurrency < 1) {
				throw new IllegalArgumentException("maxConcurrency must be at least 1");
			}
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		public RedisIdentifyRateLimiter build() {
			return new RedisIdentifyRateLimiter(this);
		}

	}

}
