package dev.shard.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.shard.test.simulator.ChildSimulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 shards in this JVM against a simulator in a child JVM (so that the heap measured here is the client's
 * alone): all reach CONNECTED in exactly ceil(1000 / 16) identify windows, and the retained heap per connected idle
 * shard is measured and printed. Tagged {@code scale}; it takes about 40 seconds. Judged by what the simulator
 * recorded (windows per bucket in arrival order, no breach) and by the limiter's grants overlapping, never by how
 * long it took: on a loaded machine that is no measure of correctness.
 */
@Tag("scale")
@Timeout(180)
class ShardManagerScaleTests {

	private static final String TOKEN = "scale-token.abc";

	private static final int SHARDS = 1000;

	private static final int MAX_CONCURRENCY = 16;

	private static final Duration SIM_WINDOW = Duration.ofMillis(100);

	/**
	 * Much wider than the simulator's: while both JVMs warm up on two cores, an IDENTIFY can reach the simulator
	 * 300 ms after its permit, and a later one of the same bucket must still arrive a simulator window after it.
	 */
	private static final Duration LIMITER_WINDOW = Duration.ofMillis(500);

	private ChildSimulator simulator;

	private ShardManager manager;

	@AfterEach
	void tearDown() throws Exception {
		if (this.manager != null) {
			this.manager.shutdown().block(Duration.ofSeconds(60));
		}
		if (this.simulator != null) {
			this.simulator.close();
		}
	}

	@Test
	void thousandShardsConnectInCeilNOverMaxConcurrencyWindows() throws Exception {
		this.simulator = ChildSimulator.start("1g", "--token", TOKEN, "--guilds", Integer.toString(SHARDS),
				"--shards", Integer.toString(SHARDS), "--max-concurrency", Integer.toString(MAX_CONCURRENCY),
				"--heartbeat-interval-ms", "30000", "--identify-window-ms", Long.toString(SIM_WINDOW.toMillis()));
		String restBase = this.simulator.restBaseUrl();
		String gateway = this.simulator.gatewayUrl();
		String control = this.simulator.controlUrl();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		int threadsBefore = Thread.activeCount();
		long heapBefore = settledHeap(memory);
		AtomicLong dispatches = new AtomicLong();
		ShardConfig config = ShardConfig.builder(TOKEN)
			.gatewayUrl(gateway)
			.helloTimeout(Duration.ofSeconds(30))
			.readyTimeout(Duration.ofSeconds(60))
			.build();
		// the limiter the manager would build by default, seen through a wrapper that counts permits out at once
		ShardTestSupport.InFlightLimiter limiter = new ShardTestSupport.InFlightLimiter(
				new InMemoryIdentifyRateLimiter(MAX_CONCURRENCY, LIMITER_WINDOW));
		this.manager = ShardManager.builder(config)
			.discovery(GatewayDiscovery.builder(TOKEN).apiBase(restBase).build())
			.identifyLimiter(limiter)
			.sink((dispatch) -> dispatches.incrementAndGet())
			.build();
		long started = System.nanoTime();
		this.manager.start().block(Duration.ofSeconds(150));
		// a hang guard only (about four times the 63 windows' 32 s): the time taken is printed, not asserted
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.manager.states().get(ShardState.CONNECTED) == SHARDS);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		await().atMost(Duration.ofSeconds(30)).until(() -> dispatches.get() >= SHARDS);
		long heapAfter = settledHeap(memory);
		int threadsAfter = Thread.activeCount();
		long perShard = (heapAfter - heapBefore) / SHARDS;
		int expectedWindows = (SHARDS + MAX_CONCURRENCY - 1) / MAX_CONCURRENCY;
		System.out.printf("%d shards CONNECTED in %d ms (%d identify windows of %d ms); at most %d permits out at "
				+ "once; retained heap %d KiB in all, %.1f KiB per shard; threads %d -> %d%n", SHARDS, took.toMillis(),
				expectedWindows, LIMITER_WINDOW.toMillis(), limiter.maxInFlight(), (heapAfter - heapBefore) / 1024,
				perShard / 1024.0, threadsBefore, threadsAfter);

		JsonNode log = JsonMapper.builder().build().readTree(HttpClient.create()
			.get()
			.uri(control + "/log")
			.responseContent()
			.aggregate()
			.asByteArray()
			.block(Duration.ofSeconds(60)));
		List<Identify> identifies = new ArrayList<>();
		log.path("identifies").forEach((i) -> identifies.add(new Identify(i.path("shardId").asInt(),
				Instant.parse(i.path("time").asString()), i.path("outcome").asString())));
		assertThat(identifies).hasSize(SHARDS).allSatisfy((i) -> assertThat(i.outcome).isEqualTo("READY"));
		assertThat(log.path("violations").size()).as("violations %s", log.path("violations")).isZero();
		identifies.sort((a, b) -> a.time.compareTo(b.time));
		// Window of each identify = how many identifies of its bucket came before it (each bucket is paced on its
		// own: a bucket whose READY came later than the limiter's margin moves on by the difference, so windows
		// are not cut by wall-clock position).
		Map<Integer, Integer> perBucket = new TreeMap<>();
		Map<Integer, List<Integer>> windows = new TreeMap<>();
		for (Identify identify : identifies) {
			int window = perBucket.merge(identify.shardId % MAX_CONCURRENCY, 1, Integer::sum) - 1;
			windows.computeIfAbsent(window, (k) -> new ArrayList<>()).add(identify.shardId);
		}
		StringBuilder described = new StringBuilder();
		windows.forEach((k, ids) -> described.append("\n  window ").append(k).append(": ").append(ids));
		// Exactly ceil(N / mc) windows, and shard i identifies in window i / mc: ascending, mc at a time.
		assertThat(windows).as("identify windows %s", described).hasSize(expectedWindows);
		windows.forEach((k, ids) -> {
			assertThat(ids).as("window %d", k)
				.allSatisfy((id) -> assertThat(id / MAX_CONCURRENCY).as("window of shard %d", id).isEqualTo(k));
			Set<Integer> buckets = new HashSet<>();
			ids.forEach((id) -> assertThat(buckets.add(id % MAX_CONCURRENCY)).isTrue());
		});
		// The buckets ran side by side: some permit was granted while another bucket's IDENTIFY was still unanswered
		// (a limiter that serialised the buckets never has two out). Ordering, not elapsed time.
		assertThat(limiter.maxInFlight()).as("most permits out at once").isGreaterThan(1);
		// No thread per shard: a few event loops and workers at most.
		assertThat(threadsAfter - threadsBefore).isLessThan(64);
	}

	private static long settledHeap(MemoryMXBean memory) {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private record Identify(int shardId, Instant time, String outcome) {
	}

}
