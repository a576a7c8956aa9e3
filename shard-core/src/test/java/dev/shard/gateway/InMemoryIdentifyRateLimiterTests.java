package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.shard.gateway.IdentifyRateLimiter.IdentifyPermit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InMemoryIdentifyRateLimiter} on virtual time: windows, buckets, ordering, cancellation and the budget.
 */
@Timeout(30)
class InMemoryIdentifyRateLimiterTests {

	private static final Duration WINDOW = Duration.ofSeconds(5);

	/** The least gap on our clock: the window plus the 5 % safety margin. */
	private static final long GAP = 5_250L;

	private VirtualTimeScheduler time;

	private final Map<Integer, Long> grantedAt = new ConcurrentHashMap<>();

	private final Map<Integer, Throwable> failed = new ConcurrentHashMap<>();

	private final List<Disposable> subscriptions = new ArrayList<>();

	@BeforeEach
	void virtualTime() {
		this.time = VirtualTimeScheduler.create();
	}

	@AfterEach
	void dispose() {
		this.subscriptions.forEach(Disposable::dispose);
		this.time.dispose();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 16 })
	void nShardsTakeExactlyCeilNOverMaxConcurrencyWindows(int maxConcurrency) {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(maxConcurrency, WINDOW, this.time);
		int shards = 37;
		for (int id = 0; id < shards; id++) {
			acquire(limiter, id);
		}
		this.time.advanceTimeBy(Duration.ofMillis(GAP * shards));
		assertThat(this.grantedAt).hasSize(shards);
		// Shard i identifies in window i / mc, at exactly (window + margin) * (i / mc): the whole window together.
		for (int id = 0; id < shards; id++) {
			assertThat(this.grantedAt.get(id)).as("shard %d", id).isEqualTo(GAP * (id / maxConcurrency));
		}
		int expectedWindows = (shards + maxConcurrency - 1) / maxConcurrency;
		assertThat(this.grantedAt.values().stream().distinct().count()).isEqualTo(expectedWindows);
		assertThat(limiter.queued()).isZero();
	}

	@Test
	void neverTwoIdentifiesOfOneBucketWithinAWindowWhateverTheArrivalOrder() {
		int maxConcurrency = 4;
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(maxConcurrency, WINDOW, this.time);
		Random random = new Random(42);
		Map<Integer, List<Long>> perBucket = new TreeMap<>();
		List<Integer> order = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			for (int id = 0; id < 24; id++) {
				order.add(id);
			}
		}
		Collections.shuffle(order, random);
		for (int shardId : order) {
			this.time.advanceTimeBy(Duration.ofMillis(random.nextInt(700)));
			this.subscriptions.add(limiter.acquire(shardId).subscribe((permit) -> {
				perBucket.computeIfAbsent(permit.bucket(), (b) -> new ArrayList<>())
					.add(this.time.now(TimeUnit.MILLISECONDS));
				limiter.identifySettled(permit);
			}));
		}
		this.time.advanceTimeBy(Duration.ofMinutes(10));
		assertThat(perBucket).hasSize(maxConcurrency);
		assertThat(perBucket.values().stream().mapToInt(List::size).sum()).isEqualTo(order.size());
		perBucket.forEach((bucket, times) -> {
			for (int i = 1; i < times.size(); i++) {
				assertThat(times.get(i) - times.get(i - 1)).as("bucket %d", bucket)
					.isGreaterThanOrEqualTo(GAP);
			}
		});
	}

	@Test
	void lowerShardIdGoesFirstWithinABucket() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(4, WINDOW, this.time);
		acquire(limiter, 0);
		acquire(limiter, 12);
		acquire(limiter, 8);
		acquire(limiter, 4);
		acquire(limiter, 1);
		this.time.advanceTimeBy(WINDOW.multipliedBy(4));
		assertThat(this.grantedAt).containsEntry(0, 0L)
			.containsEntry(1, 0L)
			.containsEntry(4, GAP)
			.containsEntry(8, 2 * GAP)
			.containsEntry(12, 3 * GAP);
	}

	@Test
	void cancellingAWaitLeavesTheQueue() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		acquire(limiter, 0);
		Disposable waiting = limiter.acquire(1).subscribe((permit) -> this.grantedAt.put(1, -1L));
		acquire(limiter, 2);
		assertThat(limiter.queued()).isEqualTo(2);
		waiting.dispose();
		assertThat(limiter.queued()).isEqualTo(1);
		this.time.advanceTimeBy(WINDOW.multipliedBy(3));
		assertThat(this.grantedAt).containsOnlyKeys(0, 2).containsEntry(2, GAP);
	}

	@Test
	void aShardThatIsInvalidatedQueuesAgainWithoutDisturbingOtherBuckets() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(2, WINDOW, this.time);
		for (int id = 0; id < 6; id++) {
			acquire(limiter, id);
		}
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		// Shard 1 got op 9 after identifying at 0 s and asks again at 1 s: bucket 1 still lets one through per
		// window, bucket 0 (shards 0, 2, 4) runs exactly as before.
		AtomicReference<Long> again = new AtomicReference<>();
		this.subscriptions.add(limiter.acquire(1).subscribe((p) -> {
			again.set(this.time.now(TimeUnit.MILLISECONDS));
			limiter.identifySettled(p);
		}));
		this.time.advanceTimeBy(WINDOW.multipliedBy(4));
		assertThat(this.grantedAt).containsEntry(0, 0L).containsEntry(2, GAP).containsEntry(4, 2 * GAP);
		assertThat(this.grantedAt).containsEntry(1, 0L);
		assertThat(again.get()).isEqualTo(GAP);
		assertThat(this.grantedAt).containsEntry(3, 2 * GAP).containsEntry(5, 3 * GAP);
	}

	@Test
	void eachPermitSpendsOneSessionStartAndAnEmptyBudgetRefusesUntilItResets() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		limiter.updateSessionStartLimit(new SessionStartLimit(1000, 2, Duration.ofHours(1), 1));
		acquire(limiter, 0);
		acquire(limiter, 1);
		acquire(limiter, 2);
		acquire(limiter, 3);
		assertThat(this.grantedAt).containsOnlyKeys(0);
		this.time.advanceTimeBy(Duration.ofMillis(GAP));
		assertThat(this.grantedAt).containsOnlyKeys(0, 1);
		// The last start is spent: the queued shards fail at once rather than at their slot.
		assertThat(this.failed).containsOnlyKeys(2, 3);
		assertThat(this.failed.get(2)).isInstanceOf(SessionStartLimitExhaustedException.class)
			.hasMessageContaining("session-start limit is exhausted");
		assertThat(limiter.isExhausted()).isTrue();
		assertThat(limiter.sessionStartLimit()).get().extracting(SessionStartLimit::remaining).isEqualTo(0);
		StepVerifier.create(limiter.acquire(4))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStartLimitExhaustedException.class)
				.satisfies((e) -> assertThat(((SessionStartLimitExhaustedException) e).resetAfter())
					.isEqualTo(Duration.ofHours(1).minusMillis(GAP))))
			.verify(Duration.ofSeconds(1));
		this.time.advanceTimeBy(Duration.ofHours(1));
		assertThat(limiter.isExhausted()).isFalse();
		assertThat(limiter.sessionStartLimit()).get().extracting(SessionStartLimit::remaining).isEqualTo(1000);
		acquire(limiter, 5);
		assertThat(this.grantedAt).containsKey(5);
		assertThat(limiter.sessionStartLimit()).get().extracting(SessionStartLimit::remaining).isEqualTo(999);
	}

	@Test
	void aZeroBudgetRefusesImmediately() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		limiter.updateSessionStartLimit(new SessionStartLimit(1000, 0, Duration.ofMinutes(30), 1));
		assertThat(limiter.isExhausted()).isTrue();
		StepVerifier.create(limiter.acquire(0)).expectError(SessionStartLimitExhaustedException.class).verify();
	}

	@Test
	void aNewMaxConcurrencyRebucketsQueuedShardsAfterAFullWindow() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		for (int id = 0; id < 5; id++) {
			acquire(limiter, id);
		}
		assertThat(this.grantedAt).containsOnlyKeys(0);
		limiter.updateSessionStartLimit(new SessionStartLimit(1000, 1000, Duration.ofHours(24), 4));
		assertThat(limiter.maxConcurrency()).isEqualTo(4);
		this.time.advanceTimeBy(Duration.ofMillis(GAP));
		// 1..4 sit in buckets 1, 2, 3, 0: all four go in the next window.
		assertThat(this.grantedAt).containsEntry(1, GAP).containsEntry(2, GAP).containsEntry(3, GAP)
			.containsEntry(4, GAP);
	}

	@Test
	void withVirtualTimeASecondIdentifyOfTheBucketWaitsOneWindowPlusTheMargin() {
		StepVerifier.withVirtualTime(() -> {
			InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1);
			return limiter.acquire(0).doOnNext(limiter::identifySettled).then(limiter.acquire(1));
		})
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(GAP - 1))
			.thenAwait(Duration.ofMillis(1))
			.expectNextMatches((IdentifyPermit permit) -> permit.shardId() == 1 && permit.bucket() == 0)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void theMarginIsFivePercentOfTheWindow() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		assertThat(limiter.window()).isEqualTo(WINDOW);
		assertThat(limiter.safetyMargin()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void aSlowAnswerMovesItsBucketToAFullWindowAfterTheAnswer() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(2, WINDOW, this.time);
		AtomicReference<IdentifyPermit> first = new AtomicReference<>();
		this.subscriptions.add(limiter.acquire(0).subscribe(first::set));
		acquire(limiter, 1);
		acquire(limiter, 2);
		acquire(limiter, 3);
		// shard 0's READY comes 400 ms after its permit (a busy event loop, a slow server): later than the 250 ms
		// margin, so bucket 0 waits a full window from the answer; shard 1's answer is immediate
		this.time.advanceTimeBy(Duration.ofMillis(400));
		limiter.identifySettled(first.get());
		this.time.advanceTimeBy(Duration.ofMillis(GAP - 400));
		assertThat(this.grantedAt).containsEntry(3, GAP).doesNotContainKey(2);
		this.time.advanceTimeBy(Duration.ofMillis(400 + WINDOW.toMillis() - GAP - 1));
		assertThat(this.grantedAt).doesNotContainKey(2);
		this.time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(this.grantedAt).containsEntry(2, 400 + WINDOW.toMillis());
	}

	@Test
	void anAnswerInsideTheMarginKeepsTheBucketOnTheCommonTick() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		AtomicReference<IdentifyPermit> first = new AtomicReference<>();
		this.subscriptions.add(limiter.acquire(0).subscribe(first::set));
		acquire(limiter, 1);
		this.time.advanceTimeBy(Duration.ofMillis(200));
		limiter.identifySettled(first.get());
		this.time.advanceTimeBy(Duration.ofMillis(GAP - 200));
		assertThat(this.grantedAt).containsEntry(1, GAP);
	}

	@Test
	void anUnansweredIdentifyHoldsItsBucketOneMoreWindow() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		this.subscriptions.add(limiter.acquire(0).subscribe());
		acquire(limiter, 1);
		this.time.advanceTimeBy(Duration.ofMillis(GAP + WINDOW.toMillis() - 1));
		assertThat(this.grantedAt).doesNotContainKey(1);
		this.time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(this.grantedAt).containsEntry(1, GAP + WINDOW.toMillis());
	}

	@Test
	void aLateReportOfAnOlderPermitChangesNothing() {
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, WINDOW, this.time);
		AtomicReference<IdentifyPermit> first = new AtomicReference<>();
		this.subscriptions.add(limiter.acquire(0).subscribe(first::set));
		acquire(limiter, 1);
		acquire(limiter, 2);
		long second = GAP + WINDOW.toMillis();
		this.time.advanceTimeBy(Duration.ofMillis(second));
		assertThat(this.grantedAt).containsEntry(1, second);
		// shard 0's report arrives after shard 1 was granted (and answered): it must not move bucket 0
		limiter.identifySettled(first.get());
		this.time.advanceTimeBy(Duration.ofMillis(GAP));
		assertThat(this.grantedAt).containsEntry(2, second + GAP);
	}

	/** Acquire like a shard whose IDENTIFY is answered at once (READY without delay). */
	private void acquire(InMemoryIdentifyRateLimiter limiter, int shardId) {
		this.subscriptions.add(limiter.acquire(shardId).subscribe((permit) -> {
			this.grantedAt.put(shardId, this.time.now(TimeUnit.MILLISECONDS));
			limiter.identifySettled(permit);
		}, (error) -> this.failed.put(shardId, error)));
	}

}
