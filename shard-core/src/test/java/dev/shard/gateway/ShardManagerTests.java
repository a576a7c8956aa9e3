package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ShardManager} with real shards against the simulator over loopback: identify windows per
 * {@code max_concurrency}, op 9, the session-start budget, resumes and per-shard stop and start (its commands:
 * {@link GatewayCommandsTests}).
 */
@Timeout(120)
class ShardManagerTests {

	static final String TOKEN = "manager-token.abc";

	/** The simulator's identify window: a second identify of a bucket inside it is a breach (op 9). */
	static final Duration SIM_WINDOW = Duration.ofMillis(300);

	/** The limiter's window: the simulator's plus a margin for the time an IDENTIFY spends on the way. */
	static final Duration LIMITER_WINDOW = Duration.ofMillis(400);

	private GatewaySimulator sim;

	private ShardManager manager;

	private final List<GatewayDispatch> received = new CopyOnWriteArrayList<>();

	@AfterEach
	void tearDown() {
		if (this.manager != null) {
			this.manager.shutdown().block(Duration.ofSeconds(20));
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	static GatewaySimulator.Builder simulator(int maxConcurrency, int recommendedShards) {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofSeconds(2))
			.identifyWindow(SIM_WINDOW)
			.maxConcurrency(maxConcurrency)
			.recommendedShards(recommendedShards)
			.sessionExpiry(Duration.ofSeconds(30))
			.guilds(Math.max(4, recommendedShards));
	}

	private ShardManager.Builder manager(GatewaySimulator sim) {
		return manager(sim, this.received::add);
	}

	static ShardManager.Builder manager(GatewaySimulator sim, ShardSink sink) {
		ShardConfig config = ShardConfig.builder(TOKEN)
			.gatewayUrl(sim.gatewayUrl())
			.intents(513 | 2)
			.helloTimeout(Duration.ofSeconds(5))
			.readyTimeout(Duration.ofSeconds(10))
			.invalidSessionDelay(Duration.ofMillis(10), Duration.ofMillis(50))
			.reconnectBackoff(new ShardConfig.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0))
			.build();
		return ShardManager.builder(config)
			.discovery(GatewayDiscovery.builder(TOKEN).apiBase(sim.restBaseUrl()).build())
			.identifyWindow(LIMITER_WINDOW)
			.sink(sink);
	}

	private void startAll(int shards) {
		this.manager.start().block(Duration.ofSeconds(60));
		awaitConnected(shards);
	}

	private void awaitConnected(int shards) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.manager.states().get(ShardState.CONNECTED) == shards);
	}

	@ParameterizedTest(name = "max_concurrency {0}, {1} shards")
	@CsvSource({ "1, 4", "4, 10", "16, 40" })
	void shardsStartInExactlyCeilNOverMaxConcurrencyWindows(int maxConcurrency, int shards) {
		this.sim = simulator(maxConcurrency, shards).build().start();
		// the default limiter, seen through a wrapper that counts the permits out at once
		ShardTestSupport.InFlightLimiter limiter = new ShardTestSupport.InFlightLimiter(
				new InMemoryIdentifyRateLimiter(maxConcurrency, LIMITER_WINDOW));
		this.manager = manager(this.sim).identifyLimiter(limiter).build();
		startAll(shards);
		assertThat(this.manager.totalShards()).isEqualTo(shards);
		assertThat(this.manager.identifyLimiter().sessionStartLimit()).get()
			.extracting(SessionStartLimit::maxConcurrency)
			.isEqualTo(maxConcurrency);
		List<SimulatorLog.Identify> identifies = this.sim.identifies();
		assertThat(identifies).hasSize(shards).allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
		List<List<Integer>> windows = windows(identifies, maxConcurrency);
		int expected = (shards + maxConcurrency - 1) / maxConcurrency;
		assertThat(windows).as("identify windows %s", windows).hasSize(expected);
		for (int w = 0; w < windows.size(); w++) {
			// The shards of window w are the next mc ids, one per bucket.
			assertThat(windows.get(w)).as("window %d of %s", w, windows)
				.containsExactlyInAnyOrderElementsOf(range(w * maxConcurrency,
						Math.min(shards, (w + 1) * maxConcurrency)));
		}
		// No bucket identified twice within the simulator's window (it records a breach and answers op 9).
		assertThat(this.sim.violations()).isEmpty();
		// The shards of a window identify together: a permit of one bucket was granted while another bucket's
		// IDENTIFY was still unanswered (an ordering fact; the spread of arrival times depends on the machine's load).
		if (maxConcurrency > 1) {
			assertThat(limiter.maxInFlight()).as("most permits out at once").isGreaterThan(1);
		}
	}

	/**
	 * Identifies grouped into windows by what the simulator recorded, not by wall-clock gaps: an identify's window is
	 * the number of identifies of its bucket that arrived before it (each bucket keeps its own pace).
	 */
	static List<List<Integer>> windows(List<SimulatorLog.Identify> identifies, int maxConcurrency) {
		List<SimulatorLog.Identify> sorted = new ArrayList<>(identifies);
		// two identifies of one bucket are at least the simulator's window apart, so their order is unambiguous
		sorted.sort(Comparator.comparing(SimulatorLog.Identify::time));
		Map<Integer, Integer> perBucket = new java.util.HashMap<>();
		List<List<Integer>> windows = new ArrayList<>();
		for (SimulatorLog.Identify identify : sorted) {
			int window = perBucket.merge(identify.shardId() % maxConcurrency, 1, Integer::sum) - 1;
			while (windows.size() <= window) {
				windows.add(new ArrayList<>());
			}
			windows.get(window).add(identify.shardId());
		}
		return windows;
	}

	private static List<Integer> range(int from, int to) {
		List<Integer> ids = new ArrayList<>();
		for (int i = from; i < to; i++) {
			ids.add(i);
		}
		return ids;
	}

	@Test
	void invalidSessionOnOneShardQueuesItAgainWithoutDisturbingOthers() {
		this.sim = simulator(4, 8).build().start();
		this.manager = manager(this.sim).build();
		startAll(8);
		int connectionsBefore = this.sim.connections().size();
		int lastConnectionId = this.sim.connections().stream().mapToInt(SimulatorLog.Connection::id).max().getAsInt();
		// Shards 2 and 6 share bucket 2: their new identifies must still be a window apart.
		this.sim.invalidate(2, false);
		this.sim.invalidate(6, false);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.sim.identifies().size() == 10);
		awaitConnected(8);
		List<SimulatorLog.Identify> again = this.sim.identifies().subList(8, 10);
		assertThat(again).extracting(SimulatorLog.Identify::shardId).containsExactlyInAnyOrder(2, 6);
		assertThat(again).allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
		assertThat(Duration.between(again.get(0).time(), again.get(1).time()).abs())
			.isGreaterThanOrEqualTo(SIM_WINDOW);
		// Nobody else identified or reconnected: the only new connections are those of shards 2 and 6.
		assertThat(this.sim.connections()).hasSize(connectionsBefore + 2);
		assertThat(this.sim.connections().stream().filter((c) -> c.id() > lastConnectionId).toList())
			.extracting(SimulatorLog.Connection::shard)
			.containsExactlyInAnyOrder(2, 6);
		assertThat(this.sim.violations()).isEmpty();
	}

	/**
	 * Issue 16, item 7: the budget runs out with shards still to identify. They are not stopped: they wait for
	 * {@code reset_after} (RECONNECTING, with the reset time), no IDENTIFY goes past the budget, and once it resets
	 * discovery is asked again, the limiter re-seeded from it and every shard connects, counted against the new
	 * budget.
	 */
	@Test
	void anExhaustedBudgetQueuesTheShardsUntilItResetsThenAllConnect() {
		this.sim = simulator(1, 5).sessionStartLimit(20, 3, Duration.ofSeconds(4)).build().start();
		this.manager = manager(this.sim).build();
		this.manager.start().subscribe();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.manager.states().get(ShardState.CONNECTED) == 3
				&& this.manager.shard(3).flatMap(Shard::identifyBlockedUntil).isPresent());
		Shard waiting = this.manager.shard(3).get();
		assertThat(waiting.state()).isNotIn(ShardState.FATALLY_CLOSED, ShardState.CONNECTED);
		assertThat(waiting.failure()).isEmpty();
		assertThat(this.manager.identifyLimiter().isExhausted()).isTrue();
		assertThat(this.sim.identifies()).hasSize(3);
		long discoveriesBefore = gatewayBotCalls();
		// after the reset: asked again, and all five connect
		await().atMost(Duration.ofSeconds(30)).until(() -> this.manager.states().get(ShardState.CONNECTED) == 5);
		assertThat(this.manager.states().get(ShardState.FATALLY_CLOSED)).isZero();
		assertThat(gatewayBotCalls()).isGreaterThan(discoveriesBefore);
		assertThat(this.manager.shard(3).get().identifyBlockedUntil()).isEmpty();
		assertThat(this.sim.identifies()).hasSize(5);
		// the identifies after the reset were counted against the re-seeded budget of 20: both, or (when one was
		// granted while the refresh's answer was on its way, and the answer then replaced the count) one of them
		assertThat(this.manager.identifyLimiter().sessionStartLimit()).get()
			.extracting(SessionStartLimit::remaining)
			.isIn(18, 19);
		assertThat(this.sim.violations()).isEmpty();
	}

	private long gatewayBotCalls() {
		return this.sim.restCalls().stream().filter((c) -> c.path().endsWith("/gateway/bot")).count();
	}

	@Test
	void resumesBypassTheLimiter() {
		this.sim = simulator(1, 3).build().start();
		AtomicInteger permits = new AtomicInteger();
		InMemoryIdentifyRateLimiter shared = new InMemoryIdentifyRateLimiter(1, LIMITER_WINDOW);
		IdentifyRateLimiter counting = new IdentifyRateLimiter() {
			@Override
			public Mono<IdentifyPermit> acquire(int shardId) {
				return shared.acquire(shardId).doOnNext((p) -> permits.incrementAndGet());
			}

			@Override
			public void updateSessionStartLimit(SessionStartLimit limit) {
				shared.updateSessionStartLimit(limit);
			}
		};
		this.manager = manager(this.sim).identifyLimiter(counting).build();
		startAll(3);
		assertThat(permits).hasValue(3);
		// All three drop at once: with max_concurrency 1 three identifies would need three windows; resumes go at once.
		this.sim.drop(null);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.sim.resumes().size() == 3);
		awaitConnected(3);
		// The limiter was never asked for the resumes: still only the permits of the three identifies, whatever the
		// timing (they used to be required to fit in 300 ms of wall-clock time).
		assertThat(this.sim.resumes()).allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(permits).hasValue(3);
		// A restart of one shard resumes too.
		this.manager.restartShard(1).block(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.sim.resumes().size() == 4);
		awaitConnected(3);
		assertThat(this.sim.resumes().get(3).sessionId()).isNotNull();
		assertThat(permits).hasValue(3);
		assertThat(this.sim.identifies()).hasSize(3);
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void perShardStopAndStartAndAggregateState() {
		this.sim = simulator(2, 4).build().start();
		this.manager = manager(this.sim).shards(ShardSelection.parse("1-3")).build();
		this.manager.start().block(Duration.ofSeconds(30));
		awaitConnected(3);
		assertThat(this.manager.shardIds()).containsExactly(1, 2, 3);
		assertThat(this.manager.totalShards()).isEqualTo(4);
		assertThat(this.sim.identifies()).extracting(SimulatorLog.Identify::shardId).containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.sim.identifies()).allSatisfy((i) -> assertThat(i.shardCount()).isEqualTo(4));
		this.manager.stopShard(2, ShutdownMode.FINAL).block(Duration.ofSeconds(10));
		Map<ShardState, Integer> states = this.manager.states();
		assertThat(states.get(ShardState.CONNECTED)).isEqualTo(2);
		assertThat(states.get(ShardState.SHUT_DOWN)).isEqualTo(1);
		this.manager.startShard(2).block(Duration.ofSeconds(10));
		awaitConnected(3);
		// A FINAL stop ends the session: the shard identified again.
		assertThat(this.sim.identifies()).hasSize(4);
		assertThatThrownBy(() -> this.manager.startShard(0).block()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("does not run shard 0");
	}

}
