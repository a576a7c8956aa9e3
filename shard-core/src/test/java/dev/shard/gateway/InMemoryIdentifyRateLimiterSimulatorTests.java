package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link InMemoryIdentifyRateLimiter} configured with exactly the simulator's identify window, real shards over
 * loopback: the simulator must never see two identifies of one bucket within its window, although an IDENTIFY
 * reaches it some time after its permit (event-loop hop, serialisation, the server's own queue), and that time
 * differs from shard to shard.
 */
@Timeout(120)
class InMemoryIdentifyRateLimiterSimulatorTests {

	private static final int MAX_CONCURRENCY = 4;

	private static final Duration WINDOW = Duration.ofMillis(100);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void sameWindowAsTheServerNeverBreachesABucket() throws Exception {
		// Several fleets in a row, each against a fresh simulator: the first one starts on a cold JVM, where the
		// time from permit to the server's clock varies the most.
		for (int round = 0; round < 3; round++) {
			runFleet(32, round);
		}
	}

	private void runFleet(int shards, int round) throws Exception {
		GatewaySimulator sim = ShardTestSupport.identifyFleetSimulator(shards, MAX_CONCURRENCY, WINDOW);
		this.closeables.add(sim);
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(MAX_CONCURRENCY, WINDOW);
		Map<Integer, Instant> permits = new ConcurrentHashMap<>();
		Map<Integer, Instant> settled = new ConcurrentHashMap<>();
		IdentifyRateLimiter recording = new IdentifyRateLimiter() {
			@Override
			public Mono<IdentifyPermit> acquire(int shardId) {
				return limiter.acquire(shardId).doOnNext((p) -> permits.put(shardId, Instant.now()));
			}

			@Override
			public void identifySettled(IdentifyPermit permit) {
				settled.put(permit.shardId(), Instant.now());
				limiter.identifySettled(permit);
			}

			@Override
			public Optional<SessionStartLimit> sessionStartLimit() {
				return limiter.sessionStartLimit();
			}
		};
		ShardConfig config = ShardTestSupport.config(sim, Compression.ZLIB_STREAM)
			.maxConcurrency(MAX_CONCURRENCY)
			.invalidSessionDelay(Duration.ofMillis(10), Duration.ofMillis(50))
			.build();
		List<ShardTestSupport.Running> fleet = new ArrayList<>();
		for (int id = 0; id < shards; id++) {
			ShardTestSupport.Running running = ShardTestSupport.start(new Shard(id, shards, config, recording));
			fleet.add(running);
			this.closeables.add(running);
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> fleet.stream().allMatch((r) -> r.shard.state() == ShardState.CONNECTED));
		List<SimulatorLog.Identify> identifies = sim.identifies();
		StringBuilder delays = new StringBuilder();
		for (SimulatorLog.Identify i : identifies) {
			Instant permit = permits.get(i.shardId());
			Instant answer = settled.get(i.shardId());
			delays.append(String.format(" %d:%s/%s%s", i.shardId(),
					(permit != null) ? Duration.between(permit, i.time()).toNanos() / 1000 + "us" : "?",
					(answer != null) ? Duration.between(i.time(), answer).toNanos() / 1000 + "us" : "?",
					"READY".equals(i.outcome()) ? "" : "(" + i.outcome() + ")"));
		}
		assertThat(sim.violations()).as("round %d; per identify: permit->server, server->answer:%s", round, delays).isEmpty();
		assertThat(identifies).hasSize(shards);
	}

}
