package dev.shard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
		return RedisIdentifyRateLimiter.builder(this.redis.newClient(), this.redis.prefix)
			.window(WINDOW)
			.sendMargin(SEND_MARGIN)
			.maxConcurrency(maxConcurrency)
			.build();
	}

	@Test
	void aLateSettleKeepsTheBucketClosedUntilAWindowAfterIt() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		IdentifyPermit first = a.acquire(0).block(Duration.ofSeconds(5));
		long grantedAt = System.nanoTime();
		AtomicLong secondAt = new AtomicLong();
		Disposable second = b.acquire(1).subscribe((p) -> secondAt.set(System.nanoTime()));
		try {
			// The answer comes well after the least gap, where pacing by grant alone let the next one go.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> System.nanoTime() - grantedAt >= LEAST_GAP.plus(WINDOW.dividedBy(2)).toNanos());
			assertThat(secondAt).as("no grant of the bucket before the first identify was answered").hasValue(0);
			long settledAt = System.nanoTime();
			a.identifySettled(first);
			await().atMost(Duration.ofSeconds(5)).until(() -> secondAt.get() != 0);
			assertThat(Duration.ofNanos(secondAt.get() - settledAt)).as("settle -> next grant")
				.isGreaterThanOrEqualTo(WINDOW);
		}
		finally {
			second.dispose();
		}
	}

	@Test
	void anEarlyAnswerStillKeepsTheLeastGapAfterTheGrant() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		IdentifyPermit first = a.acquire(0).block(Duration.ofSeconds(5));
		long grantedAt = System.nanoTime();
		assertThat(a.settle(first).block(Duration.ofSeconds(5))).isTrue();
		b.acquire(0).block(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - grantedAt)).isGreaterThanOrEqualTo(LEAST_GAP)
			.as("an answered identify does not wait for the settle timeout")
			.isLessThan(LEAST_GAP.plus(SETTLE_TIMEOUT));
	}

	@Test
	void aShardWaitingBeforeTheAnswerDoesNotSitOutTheSettleTimeout() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		// b's connection is open, so its first ask reaches Redis before a's settle below
		b.refreshSessionStartLimit().block(Duration.ofSeconds(5));
		IdentifyPermit first = a.acquire(0).block(Duration.ofSeconds(5));
		long grantedAt = System.nanoTime();
		AtomicLong secondAt = new AtomicLong();
		Disposable second = b.acquire(1).subscribe((p) -> secondAt.set(System.nanoTime()));
		try {
			assertThat(a.settle(first).block(Duration.ofSeconds(5))).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> secondAt.get() != 0);
			assertThat(Duration.ofNanos(secondAt.get() - grantedAt)).isGreaterThanOrEqualTo(LEAST_GAP)
				.isLessThan(LEAST_GAP.plus(SETTLE_TIMEOUT));
		}
		finally {
			second.dispose();
		}
	}

	@Test
	void aPermitNeverSettledFreesTheBucketAfterTheSettleTimeout() {
		// The first process takes the slot and dies before its identify is answered.
		IdentifyPermit first = limiter().acquire(0).block(Duration.ofSeconds(5));
		long grantedAt = System.nanoTime();
		IdentifyPermit second = limiter().acquire(0).block(Duration.ofSeconds(10));
		Duration gap = Duration.ofNanos(System.nanoTime() - grantedAt);
		assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
		assertThat(gap).isGreaterThanOrEqualTo(LEAST_GAP.plus(SETTLE_TIMEOUT))
			.isLessThan(LEAST_GAP.plus(SETTLE_TIMEOUT).plusSeconds(2));
	}

	@Test
	void aStaleOrForeignSettleLeavesTheSlotAlone() {
		RedisIdentifyRateLimiter a = limiter();
		RedisIdentifyRateLimiter b = limiter();
		IdentifyPermit old = a.acquire(0).block(Duration.ofSeconds(5));
		assertThat(a.settle(old).block(Duration.ofSeconds(5))).isTrue();
		IdentifyPermit current = b.acquire(0).block(Duration.ofSeconds(5));
		long grantedAt = System.nanoTime();
		String slot = this.redis.prefix + ":identify:slot:0";
		// A late second report of the old permit, and a token the slot never held.
		assertThat(a.settle(old).block(Duration.ofSeconds(5))).isFalse();
		assertThat(a.settle(new IdentifyPermit(0, 0, current.fencingToken() + 1)).block(Duration.ofSeconds(5)))
			.isFalse();
		assertThat(this.redis.admin().get(slot)).isEqualTo(Long.toString(current.fencingToken()));
		// Taken as a settle of the current slot, either would have cut it to the least gap.
		assertThat(this.redis.admin().pttl(slot)).isGreaterThan(LEAST_GAP.toMillis());
		a.acquire(0).block(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - grantedAt))
			.as("the unanswered current slot was held for the settle timeout")
			.isGreaterThanOrEqualTo(LEAST_GAP.plus(SETTLE_TIMEOUT));
	}

	@Test
	void twoProcessesNeverGrantABucketWithinAWindowOfTheLastAnswer() {
		List<RedisIdentifyRateLimiter> limiters = List.of(limiter(2), limiter(2));
		record Grant(int instance, long token, long grantedAt, AtomicLong settledAt) {
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
					Grant grant = new Grant(i, p.fencingToken(), System.nanoTime(), new AtomicLong());
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
			assertThat(Duration.ofNanos(next.grantedAt - previous.grantedAt)).as("grant %d -> grant %d", n - 1, n)
				.isGreaterThanOrEqualTo(WINDOW.plus(WINDOW.dividedBy(20)));
			assertThat(next.token).isGreaterThan(previous.token);
		}
		assertThat(grants.stream().map(Grant::instance).distinct()).as("both processes identified").hasSize(2);
	}

}
