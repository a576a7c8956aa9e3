package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisIdentifyRateLimiter} configured with exactly the simulator's identify window, real shards of two
 * "processes" (a limiter each, on its own connection) over loopback: the simulator must never see two identifies
 * of one bucket within its window, as with {@link InMemoryIdentifyRateLimiterSimulatorTests}.
 */
@Timeout(120)
class RedisIdentifyRateLimiterSimulatorTests {

	private static final int MAX_CONCURRENCY = 4;

	private static final Duration WINDOW = Duration.ofMillis(100);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private RedisTestSupport redis;

	@BeforeEach
	void setUp() {
		this.redis = new RedisTestSupport();
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.redis.close();
	}

	@Test
	void sameWindowAsTheServerNeverBreachesABucketAcrossProcesses() throws Exception {
		for (int round = 0; round < 2; round++) {
			runFleet(32, round);
		}
	}

	private void runFleet(int shards, int round) throws Exception {
		GatewaySimulator sim = ShardTestSupport.identifyFleetSimulator(shards, MAX_CONCURRENCY, WINDOW);
		this.closeables.add(sim);
		ShardConfig config = ShardTestSupport.config(sim, Compression.ZLIB_STREAM)
			.maxConcurrency(MAX_CONCURRENCY)
			.invalidSessionDelay(Duration.ofMillis(10), Duration.ofMillis(50))
			.build();
		List<RedisIdentifyRateLimiter> limiters = new ArrayList<>();
		for (int process = 0; process < 2; process++) {
			limiters.add(RedisIdentifyRateLimiter.builder(this.redis.newClient(), this.redis.prefix + ":" + round)
				.window(WINDOW)
				.sendMargin(Duration.ofMillis(25))
				.maxConcurrency(MAX_CONCURRENCY)
				.build());
		}
		List<ShardTestSupport.Running> fleet = new ArrayList<>();
		for (int id = 0; id < shards; id++) {
			// alternate runs of MAX_CONCURRENCY shards, so both processes identify in every bucket
			ShardTestSupport.Running running = ShardTestSupport
				.start(new Shard(id, shards, config, limiters.get((id / MAX_CONCURRENCY) % 2)));
			fleet.add(running);
			this.closeables.add(running);
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> fleet.stream().allMatch((r) -> r.shard.state() == ShardState.CONNECTED));
		assertThat(sim.violations()).as("round %d", round).isEmpty();
		assertThat(sim.identifies()).hasSize(shards);
	}

}
