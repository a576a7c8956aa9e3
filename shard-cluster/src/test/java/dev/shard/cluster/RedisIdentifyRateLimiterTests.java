package dev.shard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.test.StepVerifier;

import dev.shard.gateway.IdentifyRateLimiter.IdentifyPermit;
import dev.shard.gateway.SessionStartLimit;
import dev.shard.gateway.SessionStartLimitExhaustedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisIdentifyRateLimiter} against a real Redis: several limiters, each on its own connection like
 * separate processes.
 */
class RedisIdentifyRateLimiterTests {

	private static final Duration WINDOW = Duration.ofMillis(250);

	@RegisterExtension
	final RedisTestSupport redis = new RedisTestSupport();

	private RedisIdentifyRateLimiter limiter(int maxConcurrency) {
		return RedisIdentifyRateLimiter.builder(this.redis.newClient(), this.redis.prefix)
			.window(WINDOW)
			.sendMargin(Duration.ofMillis(150))
			.maxConcurrency(maxConcurrency)
			.build();
	}

	@Test
	void threeInstancesHammeringNeverGrantTwoIdentifiesOfABucketInOneWindow() {
		List<RedisIdentifyRateLimiter> limiters = List.of(limiter(2), limiter(2), limiter(2));
		record Grant(int bucket, long token, long atNanos, int instance) {
		}
		List<Grant> grants = Collections.synchronizedList(new ArrayList<>());
		// 3 instances x 4 shards each, all 12 asking at once, twice each: 24 identifies over 2 buckets.
		List<Mono<IdentifyPermit>> requests = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			for (int instance = 0; instance < 3; instance++) {
				for (int shard = instance; shard < 12; shard += 3) {
					int i = instance;
					requests.add(limiters.get(instance)
						.acquire(shard)
						.doOnNext((p) -> grants.add(new Grant(p.bucket(), p.fencingToken(), System.nanoTime(), i))));
				}
			}
		}
		Flux.merge(requests).blockLast(Duration.ofSeconds(30));
		assertThat(grants).hasSize(24);
		Map<Integer, List<Grant>> byBucket = grants.stream()
			.sorted((a, b) -> Long.compare(a.atNanos, b.atNanos))
			.collect(Collectors.groupingBy(Grant::bucket));
		assertThat(byBucket).containsOnlyKeys(0, 1);
		for (List<Grant> bucket : byBucket.values()) {
			assertThat(bucket).hasSize(12);
			for (int i = 1; i < bucket.size(); i++) {
				long gap = bucket.get(i).atNanos - bucket.get(i - 1).atNanos;
				assertThat(Duration.ofNanos(gap)).as("gap between identifies %d and %d of a bucket", i - 1, i)
					.isGreaterThanOrEqualTo(WINDOW);
				assertThat(bucket.get(i).token).as("fencing tokens increase in grant order")
					.isGreaterThan(bucket.get(i - 1).token);
			}
		}
		// Every instance got some of the slots: coordination, not one instance starving the others.
		assertThat(grants.stream().map(Grant::instance).distinct()).hasSize(3);
	}

	@Test
	void permitIsValidOnlyWithinItsSendMarginAndWhileItsTokenIsTheLatest() {
		RedisIdentifyRateLimiter limiter = limiter(1);
		IdentifyPermit first = limiter.acquire(0).block(Duration.ofSeconds(5));
		assertThat(limiter.isValid(first)).isTrue();
		IdentifyPermit second = limiter.acquire(0).block(Duration.ofSeconds(5));
		assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
		assertThat(limiter.isValid(first)).as("superseded by a newer token").isFalse();
		await().atMost(Duration.ofSeconds(2)).until(() -> !limiter.isValid(second));
	}

	@Test
	void sessionStartBudgetIsSharedAndExhaustedAcrossInstances() {
		RedisIdentifyRateLimiter a = limiter(4);
		RedisIdentifyRateLimiter b = limiter(4);
		a.updateSessionStartLimit(new SessionStartLimit(1000, 3, Duration.ofMinutes(5), 4));
		await().atMost(Duration.ofSeconds(2)).until(() -> a.sessionStartLimit().isPresent());
		// A later /gateway/bot read by another instance with a higher remaining does not reset the shared budget.
		b.updateSessionStartLimit(new SessionStartLimit(1000, 999, Duration.ofMinutes(5), 4));
		await().atMost(Duration.ofSeconds(2)).until(() -> b.sessionStartLimit().isPresent());
		assertThat(b.sessionStartLimit().get().remaining()).isEqualTo(3);

		StepVerifier.create(a.acquire(0)).expectNextCount(1).verifyComplete();
		StepVerifier.create(b.acquire(1)).expectNextCount(1).verifyComplete();
		StepVerifier.create(a.acquire(2)).expectNextCount(1).verifyComplete();
		StepVerifier.create(b.acquire(3))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SessionStartLimitExhaustedException.class)
				.satisfies((e) -> assertThat(((SessionStartLimitExhaustedException) e).resetAfter())
					.isPositive()
					.isLessThanOrEqualTo(Duration.ofMinutes(5))))
			.verify(Duration.ofSeconds(5));
		assertThat(b.isExhausted()).isTrue();
		assertThat(this.redis.admin().hget(this.redis.prefix + ":identify:budget", "remaining")).isEqualTo("0");
		assertThat(this.redis.admin().pttl(this.redis.prefix + ":identify:budget")).isPositive();
		// The other instance refuses as well, without having seen the error itself.
		StepVerifier.create(a.acquire(0)).expectError(SessionStartLimitExhaustedException.class)
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void redisUnavailableDefersIdentifyInsteadOfGrantingIt() {
		// Nothing listens on port 1: the limiter must neither grant nor give up silently.
		ClusterRedisClient dead = this.redis.newClient("redis://127.0.0.1:1");
		RedisIdentifyRateLimiter limiter = RedisIdentifyRateLimiter.builder(dead, this.redis.prefix)
			.window(WINDOW)
			.outageRetry(Duration.ofMillis(20), Duration.ofMillis(100))
			.build();
		// Not a fixed wait: until the limiter has recorded several deferrals, the acquire must have emitted nothing.
		List<Signal<IdentifyPermit>> signals = new CopyOnWriteArrayList<>();
		Disposable waiting = limiter.acquire(0).materialize().subscribe(signals::add);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> limiter.deferredByOutageCount() >= 3);
			assertThat(signals).as("nothing granted, no error").isEmpty();
		}
		finally {
			waiting.dispose();
		}
		assertThat(limiter.isAvailable()).isFalse();
		assertThat(dead.lastError()).isPresent();
		assertThat(limiter.grantedCount()).isZero();
	}

}
