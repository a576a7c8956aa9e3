package dev.shard.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.gateway.GatewayBot;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.IdentifyRateLimiter.IdentifyPermit;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.SessionStartLimit;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.Fleet;
import dev.shard.gateway.Fleet.RecordingSink;
import dev.shard.gateway.Fleet.SinkBehaviour;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault matrix, session starts (issue 16, items 7 and 14): the limiters against a real Redis and shards against the
 * simulator. Only an IDENTIFY that was sent spends a session start; instances that disagree on
 * {@code max_concurrency} still never put two IDENTIFYs of one Discord bucket in one window; a budget that resets is
 * counted again; a token with a trailing newline works.
 */
@Timeout(120)
class SessionStartFaultTests {

	private static final Duration WINDOW = Duration.ofMillis(250);

	@RegisterExtension
	final RedisTestSupport redis = new RedisTestSupport();

	private RedisIdentifyRateLimiter redisLimiter(String prefix, int maxConcurrency, Duration sendMargin) {
		return RedisIdentifyRateLimiter.builder(this.redis.newClient(), prefix)
			.window(WINDOW)
			.sendMargin(sendMargin)
			.maxConcurrency(maxConcurrency)
			.build();
	}

	/**
	 * Item 14 (a), real: instance A has not run discovery (one bucket), instance B knows {@code max_concurrency} 2.
	 * Shards 1 (A) and 3 (B) are both in Discord's bucket 1; without a shared bucket count A takes slot 0 and B
	 * slot 1 and both identify at once.
	 */
	@Test
	void instancesThatDisagreeOnMaxConcurrencyNeverGrantOneDiscordBucketTwiceInAWindow() {
		RedisIdentifyRateLimiter a = redisLimiter(this.redis.prefix, 1, Duration.ofMillis(150));
		RedisIdentifyRateLimiter b = redisLimiter(this.redis.prefix, 1, Duration.ofMillis(150));
		b.updateSessionStartLimit(new SessionStartLimit(100, 100, Duration.ofHours(1), 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> b.sessionStartLimit().isPresent());
		List<Long> grantedAt = new CopyOnWriteArrayList<>();
		Mono.when(a.acquire(1).doOnNext((p) -> grantedAt.add(System.nanoTime())),
				b.acquire(3).doOnNext((p) -> grantedAt.add(System.nanoTime())))
			.block(Duration.ofSeconds(10));
		assertThat(grantedAt).hasSize(2);
		assertThat(Duration.ofNanos(Math.abs(grantedAt.get(1) - grantedAt.get(0))))
			.as("gap between the two identifies of Discord bucket 1")
			.isGreaterThanOrEqualTo(WINDOW);
		assertThat(a.maxConcurrency()).as("A adopted the cluster's bucket count").isEqualTo(2);
	}

	/**
	 * Item 14 (b), in memory: a subscriber that cancels after its permit was granted (here: while the same timer
	 * tick grants it) sends nothing, so its session start is given back.
	 */
	@Test
	void inMemoryPermitCancelledAfterItsGrantSpendsNoSessionStart() {
		VirtualTimeScheduler time = VirtualTimeScheduler.create();
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(2, WINDOW, time);
		limiter.updateSessionStartLimit(new SessionStartLimit(10, 10, Duration.ofHours(1), 2));
		limiter.acquire(0).subscribe(limiter::identifySettled);
		limiter.acquire(1).subscribe(limiter::identifySettled);
		// shards 2 and 3 queue behind buckets 0 and 1; one timer tick grants both, and 2's subscriber cancels 3
		AtomicReference<Disposable> third = new AtomicReference<>();
		AtomicInteger used = new AtomicInteger();
		limiter.acquire(2).subscribe((permit) -> {
			used.incrementAndGet();
			third.get().dispose();
		});
		third.set(limiter.acquire(3).subscribe((permit) -> used.incrementAndGet()));
		time.advanceTimeBy(WINDOW.multipliedBy(4));
		assertThat(used).hasValue(1);
		assertThat(limiter.queued()).isZero();
		assertThat(limiter.sessionStartLimit()).get().extracting(SessionStartLimit::remaining)
			.as("three permits used, the cancelled one given back")
			.isEqualTo(7);
	}

	/**
	 * Item 14 (b), Redis: the first permit reaches the shard after its send margin (a paused process), so the shard
	 * does not send it and asks again. One IDENTIFY went out: one session start is spent, not two.
	 */
	@Test
	void redisPermitThatExpiredBeforeUseSpendsNoSessionStart() {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			RedisIdentifyRateLimiter real = redisLimiter(this.redis.prefix, 1, Duration.ofMillis(100));
			real.updateSessionStartLimit(new SessionStartLimit(10, 10, Duration.ofHours(1), 1));
			await().atMost(Duration.ofSeconds(5)).until(() -> real.sessionStartLimit().isPresent());
			AtomicInteger acquires = new AtomicInteger();
			IdentifyRateLimiter slowFirstPermit = (IdentifyRateLimiter) Proxy.newProxyInstance(
					getClass().getClassLoader(), new Class<?>[] { IdentifyRateLimiter.class }, (proxy, method, args) -> {
						if (method.getName().equals("acquire")) {
							Mono<IdentifyPermit> permit = real.acquire((int) args[0]);
							return (acquires.getAndIncrement() == 0) ? permit.delayElement(Duration.ofMillis(400))
									: permit;
						}
						try {
							return method.invoke(real, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
			Shard shard = new Shard(0, 1, Fleet.baseConfig(sim.gatewayUrl()).build(), slowFirstPermit);
			Disposable run = shard.run(new RecordingSink(SinkBehaviour.NORMAL)).subscribe(null, (ex) -> {
			});
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> shard.state() == ShardState.CONNECTED);
				assertThat(acquires).as("the expired permit was not used: asked again").hasValue(2);
				assertThat(sim.identifies()).hasSize(1);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(real.refreshSessionStartLimit().block(Duration.ofSeconds(5)))
						.get()
						.extracting(SessionStartLimit::remaining)
						.isEqualTo(9));
			}
			finally {
				shard.shutdown().block(Duration.ofSeconds(5));
				run.dispose();
			}
		}
	}

	/**
	 * Item 7 with Redis: the budget is spent at start-up. The shards wait for the reset (none stops for good, none
	 * identifies past the budget), discovery is asked again at the reset, the shared budget is re-seeded from it and
	 * the identifies after the reset are counted against it.
	 */
	@Test
	void spentBudgetWithRedisWaitsForTheResetThenCountsTheNewBudget() {
		int shards = 3;
		try (GatewaySimulator sim = Fleet.simulator().recommendedShards(shards)
			.sessionStartLimit(5, 0, Duration.ofSeconds(5))
			.build()
			.start()) {
			RedisIdentifyRateLimiter limiter = redisLimiter(this.redis.prefix, 1, Duration.ofMillis(100));
			ShardManager manager = ShardManager.builder(Fleet.baseConfig(sim.gatewayUrl()).build())
				.discovery(GatewayDiscovery.builder(Fleet.TOKEN)
					.apiBase(sim.restBaseUrl())
					.backoff(Duration.ofMillis(50), Duration.ofMillis(500))
					.build())
				.identifyLimiter(limiter)
				.sinkFactory((id) -> new RecordingSink(SinkBehaviour.NORMAL))
				.build();
			Disposable starting = manager.start().subscribe();
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> manager.shard(0).flatMap(Shard::identifyBlockedUntil).isPresent());
				assertThat(manager.shard(0).get().state()).isNotEqualTo(ShardState.FATALLY_CLOSED);
				assertThat(limiter.isExhausted()).isTrue();
				assertThat(sim.identifies()).isEmpty();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> manager.shards().size() == shards
							&& manager.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
				assertThat(sim.identifies()).hasSize(shards);
				assertThat(sim.violations()).isEmpty();
				// counted against the re-seeded budget (5 per window), not "unknown" after the old one expired
				assertThat(limiter.refreshSessionStartLimit().block(Duration.ofSeconds(5))).get()
					.extracting(SessionStartLimit::remaining)
					.isEqualTo(5 - shards);
			}
			finally {
				starting.dispose();
				manager.shutdown().block(Duration.ofSeconds(10));
			}
		}
	}

	/**
	 * Item 14 (c): a token read from a secret file ends with a newline. Trimmed where it enters, discovery is
	 * answered and the shard identifies (no 401, no 4004).
	 */
	@Test
	void tokenWithATrailingNewlineIsTrimmed() {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			String fromFile = Fleet.TOKEN + "\n";
			GatewayBot bot = GatewayDiscovery.builder(fromFile)
				.apiBase(sim.restBaseUrl())
				.build()
				.gatewayBot()
				.block(Duration.ofSeconds(10));
			assertThat(bot).isNotNull();
			ShardConfig fromFileConfig = ShardConfig.builder(" Bot " + fromFile).gatewayUrl(sim.gatewayUrl()).build();
			assertThat(fromFileConfig.token()).isEqualTo(Fleet.TOKEN);
			Shard fromFileShard = new Shard(0, 1, fromFileConfig, Fleet.NO_WAIT);
			Disposable run = fromFileShard.run(new RecordingSink(SinkBehaviour.NORMAL)).subscribe(null, (ex) -> {
			});
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> fromFileShard.state() == ShardState.CONNECTED);
				assertThat(sim.identifies()).singleElement().satisfies((identify) -> assertThat(identify.shardId())
					.isZero());
			}
			finally {
				fromFileShard.shutdown().block(Duration.ofSeconds(5));
				run.dispose();
			}
		}
	}

}
