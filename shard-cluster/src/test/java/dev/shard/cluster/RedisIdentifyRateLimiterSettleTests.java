package dev.shard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.shard.gateway.IdentifyRateLimiter.IdentifyPermit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisIdentifyRateLimiter} paces a bucket by when its identify was answered ({@code identifySettled}), not
 * only by when it was granted, across limiters on separate connections like separate processes.
 */
class RedisIdentifyRateLimiterSettleTests {

	private static final Duration WINDOW = Duration.ofMillis(400);

	private static final Duration SEND_MARGIN = Duration.ofMillis(100);

	/** window + send margin + 5 % of the window: the least a slot is held after its grant. */
	private static final Duration LEAST_GAP = Duration.ofMillis(520);

	/** How long past the least gap an unsettled slot is held (one window, as the in-memory limiter). */
	private static final Duration SETTLE_TIMEOUT = WINDOW;

	@RegisterExtension
	final RedisTestSupport redis = new RedisTestSupport();

	private RedisIdentifyRateLimiter limiter() {
		return limiter(1);
	}

	private RedisIdentifyRateLimiter limiter(int maxConcurrency) {
		return limiter(maxConcurrency, WINDOW);
	}

	private RedisIdentifyRateLimiter limiter(int maxConcurrency, Duration window) {
		return RedisIdentifyRateLimiter.builder(this.redis.newClient(), this.redis.prefix)
			.window(window)
			.sendMargin(SEND_MARGIN)
			.maxConcurrency(maxConcurrency)
			.build();
	}

	private String slot(int bucket) {
		return this.redis.prefix + ":identify:slot:" + bucket;
	}

	/**
	 * A slot as Redis sees it, read in one script so that the answer does not depend on when this thread runs: Redis's
	 * clock (epoch ms), when the slot's hold ends on it, and the token holding it. A slot is set with a hold of least
	 * gap + settle timeout at its grant, so the grant's own time is the end minus that as long as nobody settled it.
	 */
	private Hold hold(String key) {
		List<Object> reply = this.redis.admin().eval("local t = redis.call('TIME') "
				+ "local now = t[1] * 1000 + math.floor(t[2] / 1000) "
				+ "return { now, now + redis.call('PTTL', KEYS[1]), redis.call('GET', KEYS[1]) or '' }",
				ScriptOutputType.MULTI, key);
		return new Hold((Long) reply.get(0), (Long) reply.get(1), (String) reply.get(2));
	}

	private record Hold(long now, long end, String holder) {

		/** When the slot was granted, on Redis's clock (for a slot nobody settled). */
		long grantedAt() {
			return this.end - LEAST_GAP.plus(SETTLE_TIMEOUT).toMillis();
		}

	}

	/*
	 * Lower bounds on our own clock are read BEFORE the call that takes a slot (Redis starts the hold while the call
	 * is on its way; a time read after the reply can be late by a stalled thread). Upper bounds on elapsed time are
	 * not asserted at all: a loaded machine can stall any thread. What Redis recorded (the slot's holder, when its
	 * hold ends, the script's answers) shows instead that nothing was held longer, or granted earlier, than it should.
	 */

	@Test
	void aLateSettleKeepsTheBucketClosedUntilAWindowAfterIt() {
		// A 1 s window: the answer comes a quarter window past the least gap and still three quarters of a window
		// before the unanswered slot would expire, a generous margin for a stalled test thread.
		Duration window = Duration.ofSeconds(1);
		RedisIdentifyRateLimiter a = limiter(1, window);
		RedisIdentifyRateLimiter b = limiter(1, window);
		long settleTimeout = a.settleTimeoutMillis();
		IdentifyPermit first = a.acquire(0).block(Duration.ofSeconds(5));
		AtomicLong secondAt = new AtomicLong();
		Disposable second = b.acquire(1).subscribe((p) -> secondAt.set(System.nanoTime()));
		try {
			// Past the least gap on Redis's clock (what is left of the hold is less than the settle timeout), where
			// pacing by grant alone let the next one go.
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.redis.admin().pttl(slot(0)) <= settleTimeout - window.toMillis() / 4);
			// Read in this order: no grant seen, and then the slot still held by the unanswered permit.
			long grantedBySettle = secondAt.get();
			assertThat(this.redis.admin().get(slot(0))).as("the slot is still the unanswered permit's")
				.isEqualTo(Long.toString(first.fencingToken()));
			assertThat(grantedBySettle).as("no grant of the bucket before the first identify was answered").isZero();
			long settledAt = System.nanoTime();
			a.identifySettled(first);
			await().atMost(Duration.ofSeconds(10)).until(() -> secondAt.get() != 0);
			assertThat(Duration.ofNanos(secondAt.get() - settledAt)).as("settle -> next grant")
				.isGreaterThanOrEqualTo(window);
		}
		finally {
			second.dispose();
		}
	}

	@Test
	void anEarlyAnswerStillKeepsTheLeastGapAfterTheGrant() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		long asked = System.nanoTime();
		IdentifyPermit first = a.acquire(0).block(Duration.ofSeconds(5));
		Hold granted = hold(slot(0));
		assertThat(a.settle(first).block(Duration.ofSeconds(5))).isTrue();
		Hold settled = hold(slot(0));
		assertThat(settled.holder()).isEqualTo(Long.toString(first.fencingToken()));
		// An early answer still keeps the least gap after the grant (2 ms for Redis's millisecond rounding) ...
		assertThat(settled.end()).as("end of the hold after the settle")
			.isGreaterThanOrEqualTo(granted.end() - SETTLE_TIMEOUT.toMillis() - 2);
		// ... but no longer waits for the settle timeout: the hold ends with the least gap, or a window after the
		// settle if that came later (as it does when this thread was slow to get there)
		assertThat(settled.end())
			.isLessThanOrEqualTo(Math.max(granted.end() - SETTLE_TIMEOUT.toMillis(), settled.now() + WINDOW.toMillis()) + 2);
		IdentifyPermit next = b.acquire(0).block(Duration.ofSeconds(5));
		assertThat(next.fencingToken()).isEqualTo(first.fencingToken() + 1);
		assertThat(hold(slot(0)).grantedAt()).as("next grant, on Redis's clock").isGreaterThanOrEqualTo(settled.end() - 2);
		assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(LEAST_GAP);
	}

	@Test
	void aShardWaitingBeforeTheAnswerDoesNotSitOutTheSettleTimeout() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		// b's connection is open, so its first ask reaches Redis before a's settle below
		b.refreshSessionStartLimit().block(Duration.ofSeconds(5));
		long asked = System.nanoTime();
		IdentifyPermit first = a.acquire(0).block(Duration.ofSeconds(5));
		// What a process asking now is told (the limiter's own script and arguments): come back when the least gap
		// ends, when a settle in the meantime frees the slot, not when the unanswered hold would end.
		String answer = this.redis.admin().eval(RedisIdentifyRateLimiter.ACQUIRE_SCRIPT, ScriptOutputType.VALUE,
				new String[] { slot(0), this.redis.prefix + ":identify:fence:0", b.budgetKey(), b.maxConcurrencyKey() },
				Long.toString(b.leastGapMillis() + b.settleTimeoutMillis()), Long.toString(WINDOW.toMillis()),
				Long.toString(b.settleTimeoutMillis()), Integer.toString(b.maxConcurrency()));
		assertThat(answer).startsWith("W:");
		assertThat(Long.parseLong(answer.substring(2))).as("wait told before the answer")
			.isLessThanOrEqualTo(LEAST_GAP.toMillis());
		AtomicLong secondAt = new AtomicLong();
		Disposable second = b.acquire(1).subscribe((p) -> secondAt.set(System.nanoTime()));
		try {
			assertThat(a.settle(first).block(Duration.ofSeconds(5))).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> secondAt.get() != 0);
			assertThat(Duration.ofNanos(secondAt.get() - asked)).isGreaterThanOrEqualTo(LEAST_GAP);
		}
		finally {
			second.dispose();
		}
	}

	@Test
	void aPermitNeverSettledFreesTheBucketAfterTheSettleTimeout() {
		// The first process takes the slot and dies before its identify is answered.
		long asked = System.nanoTime();
		IdentifyPermit first = limiter().acquire(0).block(Duration.ofSeconds(5));
		Hold unanswered = hold(slot(0));
		assertThat(unanswered.holder()).isEqualTo(Long.toString(first.fencingToken()));
		// the block is the hang guard (ten times the hold); no upper bound on the time taken
		IdentifyPermit second = limiter().acquire(0).block(Duration.ofSeconds(10));
		Duration gap = Duration.ofNanos(System.nanoTime() - asked);
		// the very next slot of the bucket, granted once the unanswered hold had ended (on Redis's clock)
		assertThat(second.fencingToken()).isEqualTo(first.fencingToken() + 1);
		assertThat(hold(slot(0)).grantedAt()).as("second grant").isGreaterThanOrEqualTo(unanswered.end() - 2);
		assertThat(gap).isGreaterThanOrEqualTo(LEAST_GAP.plus(SETTLE_TIMEOUT));
	}

	@Test
	void aStaleOrForeignSettleLeavesTheSlotAlone() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		IdentifyPermit old = a.acquire(0).block(Duration.ofSeconds(5));
		assertThat(a.settle(old).block(Duration.ofSeconds(5))).isTrue();
		IdentifyPermit current = b.acquire(0).block(Duration.ofSeconds(5));
		String slot = slot(0);
		Hold held = hold(slot);
		// A late second report of the old permit, and a token the slot never held.
		assertThat(a.settle(old).block(Duration.ofSeconds(5))).isFalse();
		assertThat(a.settle(new IdentifyPermit(0, 0, current.fencingToken() + 1)).block(Duration.ofSeconds(5)))
			.isFalse();
		// Taken as a settle of the current slot, either would have cut its hold by a settle timeout; it still ends
		// when it did (2 ms for Redis's millisecond rounding), however long these calls took.
		Hold after = hold(slot);
		assertThat(after.holder()).isEqualTo(Long.toString(current.fencingToken()));
		assertThat(after.end()).as("end of the current slot's hold").isBetween(held.end() - 2, held.end() + 2);
		IdentifyPermit next = a.acquire(0).block(Duration.ofSeconds(5));
		assertThat(next.fencingToken()).isEqualTo(current.fencingToken() + 1);
		assertThat(hold(slot).grantedAt())
			.as("the unanswered current slot was held for the settle timeout: next grant, on Redis's clock")
			.isGreaterThanOrEqualTo(held.end() - 2);
	}

	@Test
	void twoProcessesNeverGrantABucketWithinAWindowOfTheLastAnswer() {
		List<RedisIdentifyRateLimiter> limiters = List.of(limiter(2), limiter(2));
		record Grant(int instance, long token, long grantedAt, Hold slot, AtomicLong settledAt) {
		}
		List<Grant> grants = Collections.synchronizedList(new ArrayList<>());
		// Answers take from nothing to most of the settle timeout; the slowest come long after the least gap.
		long[] answerDelays = { 0, 200, 450 };
		AtomicInteger answered = new AtomicInteger();
		List<Mono<Grant>> requests = new ArrayList<>();
		for (int instance = 0; instance < 2; instance++) {
			RedisIdentifyRateLimiter limiter = limiters.get(instance);
			int i = instance;
			// shards 0, 2, ... 14: all in bucket 0 of 2, four per process
			for (int shard = 2 * instance; shard < 16; shard += 4) {
				requests.add(limiter.acquire(shard).flatMap((p) -> {
					// the slot as Redis holds it at the grant, read before this permit can be settled
					Grant grant = new Grant(i, p.fencingToken(), System.nanoTime(), hold(slot(0)), new AtomicLong());
					grants.add(grant);
					long delay = answerDelays[answered.getAndIncrement() % answerDelays.length];
					return Mono.delay(Duration.ofMillis(delay)).then(Mono.fromRunnable(() -> {
						grant.settledAt.set(System.nanoTime());
						limiter.identifySettled(p);
					})).thenReturn(grant);
				}));
			}
		}
		Flux.merge(requests).blockLast(Duration.ofSeconds(30));
		assertThat(grants).hasSize(8);
		List<Grant> ordered = grants.stream().sorted(Comparator.comparingLong(Grant::grantedAt)).toList();
		for (int n = 1; n < ordered.size(); n++) {
			Grant previous = ordered.get(n - 1);
			Grant next = ordered.get(n);
			assertThat(Duration.ofNanos(next.grantedAt - previous.settledAt.get()))
				.as("answer of grant %d -> grant %d", n - 1, n)
				.isGreaterThanOrEqualTo(WINDOW);
			// grant to grant on Redis's clock: a time read here after each reply could be late by a stalled thread
			assertThat(next.slot.holder()).isEqualTo(Long.toString(next.token));
			assertThat(next.slot.grantedAt() - previous.slot.grantedAt()).as("grant %d -> grant %d (ms)", n - 1, n)
				.isGreaterThanOrEqualTo(WINDOW.plus(WINDOW.dividedBy(20)).toMillis());
			assertThat(next.token).isGreaterThan(previous.token);
		}
		assertThat(grants.stream().map(Grant::instance).distinct()).as("both processes identified").hasSize(2);
	}

}
