package dev.shard.gateway;

import dev.shard.gateway.Fleet.RecordingSink;
import dev.shard.gateway.Fleet.SinkBehaviour;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.shard.gateway.DiscoveryStatus;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.TokenRejectedException;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Fault matrix, shard-manager part: a {@link ShardManager} of four zlib-stream shards behind {@link GatewayDiscovery}
 * when {@code GET /gateway/bot} fails (401 for good, 429 with {@code retry_after}, 500) and when the gateway refuses
 * connections for a while (nothing listens on the gateway port until a simulator starts on it), and when the API
 * refuses connections at start-up (issue 16, item 1). 401 stops with {@link TokenRejectedException} and no retry;
 * the others retry, without limit, with the prescribed wait or backoff, then all four shards identify inside the
 * identify window rules and receive events.
 * <p>
 * DNS failure is not covered: tests must not cause DNS traffic, and whether an unresolvable name (even
 * {@code .invalid}) fails without asking a resolver depends on the host's resolver configuration.
 */
class ShardManagerFaultTests {

	static final int SHARDS = 4;

	/** Discovery backoff: first retry after 50-100 ms, then 100-200 ms... */
	static final Duration DISCOVERY_BACKOFF = Duration.ofMillis(100);

	@Test
	void gatewayBot401StopsWithTokenRejectedAndNoRetry() {
		try (GatewaySimulator sim = simulator(0)) {
			// more failures armed than one call uses: a retry would get a 401 again and show up as a second call
			sim.failGatewayBot(401, 5, null);
			Run run = new Run(sim, discovery(sim));
			assertThatThrownBy(() -> run.manager.start().block(Duration.ofSeconds(10)))
				.isExactlyInstanceOf(TokenRejectedException.class)
				.hasMessageContaining("401")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(Fleet.TOKEN));
			// never retried, never connected: still one call a while later
			await().during(Duration.ofMillis(800))
				.atMost(Duration.ofSeconds(3))
				.until(() -> gatewayBotCalls(sim).size() == 1);
			assertThat(gatewayBotCalls(sim)).singleElement().satisfies((c) -> assertThat(c.status()).isEqualTo(401));
			assertThat(sim.log().connections()).isEmpty();
			assertThat(run.manager.shards()).isEmpty();
		}
	}

	@Test
	void gatewayBot429WaitsRetryAfterThenConnects() throws Exception {
		Duration retryAfter = Duration.ofMillis(400);
		try (GatewaySimulator sim = simulator(0)) {
			sim.failGatewayBot(429, 2, retryAfter);
			try (Run run = new Run(sim, discovery(sim)).start()) {
				run.awaitConnected();
				List<SimulatorLog.RestCall> calls = gatewayBotCalls(sim);
				assertThat(calls).extracting(SimulatorLog.RestCall::status).containsExactly(429, 429, 200);
				// the retry_after of the body, not the (shorter) backoff
				for (int i = 1; i < calls.size(); i++) {
					assertThat(Duration.between(calls.get(i - 1).time(), calls.get(i).time()))
						.as("wait before /gateway/bot call %d", i)
						.isGreaterThanOrEqualTo(retryAfter);
				}
				run.assertHealthy();
			}
		}
	}

	@Test
	void gatewayBot500BacksOffThenConnects() throws Exception {
		try (GatewaySimulator sim = simulator(0)) {
			sim.failGatewayBot(500, 3, null);
			try (Run run = new Run(sim, discovery(sim)).start()) {
				run.awaitConnected();
				List<SimulatorLog.RestCall> calls = gatewayBotCalls(sim);
				assertThat(calls).extracting(SimulatorLog.RestCall::status).containsExactly(500, 500, 500, 200);
				// exponential backoff, half fixed: at least 50, 100, 200 ms
				for (int i = 1; i < calls.size(); i++) {
					Duration floor = DISCOVERY_BACKOFF.multipliedBy(1L << (i - 1)).dividedBy(2);
					assertThat(Duration.between(calls.get(i - 1).time(), calls.get(i).time()))
						.as("backoff before /gateway/bot call %d", i)
						.isGreaterThanOrEqualTo(floor);
				}
				run.assertHealthy();
			}
		}
	}

	/**
	 * The gateway port refuses connections (nothing listens) until a simulator starts on it: the first shard retries
	 * with backoff, not in a tight loop, and the others of its bucket wait for it; then all identify, spaced by the
	 * window.
	 */
	@Test
	void refusedConnectionRetriesWithBackoffThenConnects() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		String url = "ws://127.0.0.1:" + port + "/";
		Run run = new Run(null, null, url);
		try {
			Instant started = Instant.now();
			run.start();
			// shard 0 is refused again and again; the rest of its bucket waits for it to get its identify permit
			await().atMost(Duration.ofSeconds(20)).until(() -> run.refusals(0) >= 6);
			Duration refusedFor = Duration.between(started, Instant.now());
			assertThat(run.manager.shards()).extracting(Shard::shardId).containsExactly(0);
			Shard first = run.manager.shards().get(0);
			assertThat(first.state()).isNotEqualTo(ShardState.CONNECTED);
			// backoff 20 ms doubling to 200 ms, full jitter: six refusals take ~0.3 s on average; without a backoff a
			// refused loopback connect is retried within a millisecond or two
			assertThat(run.refusals(0)).as("refusals in %d ms", refusedFor.toMillis())
				.isLessThanOrEqualTo(6 + (int) (refusedFor.toMillis() / 10));
			assertThat(first.reconnectCount()).isEqualTo(run.refusals(0));
			try (GatewaySimulator sim = simulator(port)) {
				run.sim = sim;
				run.awaitConnected();
				run.assertHealthy();
			}
		}
		finally {
			run.close();
		}
	}

	/**
	 * Issue 16, item 1 (must show): Discord's API refuses connections for 30 s at start-up, then serves. Discovery
	 * retries without limit (the discovery's own bound of 2 attempts does not apply), the status says why nothing
	 * connects meanwhile, and once the API is back all four shards connect in the same process.
	 */
	@Test
	void apiRefusingConnectionsFor30sAtStartUpIsRetriedUntilItServesThenAllShardsConnect() throws Exception {
		try (GatewaySimulator sim = simulator(0)) {
			sim.refuseConnections(Duration.ofSeconds(30));
			GatewayDiscovery discovery = GatewayDiscovery.builder(Fleet.TOKEN)
				.apiBase(sim.restBaseUrl())
				.backoff(DISCOVERY_BACKOFF, Duration.ofSeconds(2))
				.maxAttempts(2)
				.build();
			try (Run run = new Run(sim, discovery).start()) {
				// during the outage: retrying, past any attempt bound, with the connection error as the cause
				await().atMost(Duration.ofSeconds(30)).until(() -> run.manager.discoveryStatus().attempts() >= 6);
				DiscoveryStatus during = run.manager.discoveryStatus();
				assertThat(sim.isRefusingConnections()).as("still refusing when the status was read").isTrue();
				assertThat(during.state()).isEqualTo(DiscoveryStatus.State.RETRYING);
				assertThat(during.blocksStartUp()).isTrue();
				assertThat(during.lastError()).containsIgnoringCase("refused").doesNotContain(Fleet.TOKEN);
				assertThat(during.nextAttemptAt()).isNotNull();
				assertThat(run.manager.shards()).isEmpty();
				assertThat(run.startError.get()).isNull();

				await().atMost(Duration.ofSeconds(60)).until(() -> !sim.isRefusingConnections());
				run.awaitConnected();
				assertThat(run.manager.discoveryStatus().state()).isEqualTo(DiscoveryStatus.State.RESOLVED);
				assertThat(run.manager.discoveryStatus().blocksStartUp()).isFalse();
				// every attempt during the outage was a connection error: the first call the API saw was answered
				GatewaySimulator.RefusalPeriod outage = sim.refusals().get(0);
				assertThat(gatewayBotCalls(sim)).extracting(SimulatorLog.RestCall::status).containsExactly(200);
				assertThat(gatewayBotCalls(sim).get(0).time()).isAfterOrEqualTo(outage.to());
				run.assertHealthy();
			}
		}
	}

	/** More 5xx answers than the discovery's attempt bound: start-up still gets through. */
	@Test
	void gatewayBot500MoreOftenThanTheAttemptBoundStillConnects() throws Exception {
		try (GatewaySimulator sim = simulator(0)) {
			sim.failGatewayBot(503, 7, null);
			GatewayDiscovery discovery = GatewayDiscovery.builder(Fleet.TOKEN)
				.apiBase(sim.restBaseUrl())
				.backoff(Duration.ofMillis(20), Duration.ofMillis(200))
				.maxAttempts(3)
				.build();
			try (Run run = new Run(sim, discovery).start()) {
				run.awaitConnected();
				assertThat(gatewayBotCalls(sim)).extracting(SimulatorLog.RestCall::status)
					.containsExactly(503, 503, 503, 503, 503, 503, 503, 200);
				assertThat(run.manager.discoveryStatus().attempts()).isEqualTo(7);
				run.assertHealthy();
			}
		}
	}

	/** A shutdown while discovery retries ends the retries: nothing is asked or connected afterwards. */
	@Test
	void shutdownWhileDiscoveryRetriesStopsRetrying() {
		try (GatewaySimulator sim = simulator(0)) {
			sim.refuseConnections(null);
			GatewayDiscovery discovery = GatewayDiscovery.builder(Fleet.TOKEN)
				.apiBase(sim.restBaseUrl())
				.backoff(Duration.ofMillis(20), Duration.ofMillis(100))
				.build();
			Run run = new Run(sim, discovery).start();
			await().atMost(Duration.ofSeconds(10)).until(() -> run.manager.discoveryStatus().attempts() >= 2);
			// the manager's own shutdown, with start()'s subscriber still subscribed
			run.manager.shutdown().block(Duration.ofSeconds(10));
			sim.acceptConnections();
			await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> gatewayBotCalls(sim).isEmpty());
			assertThat(sim.log().connections()).isEmpty();
			assertThat(run.startError.get()).isNull();
			run.close();
		}
	}

	private static GatewaySimulator simulator(int port) {
		return Fleet.simulator().recommendedShards(SHARDS).port(port).build().start();
	}

	private static GatewayDiscovery discovery(GatewaySimulator sim) {
		return GatewayDiscovery.builder(Fleet.TOKEN)
			.apiBase(sim.restBaseUrl())
			.backoff(DISCOVERY_BACKOFF, Duration.ofSeconds(1))
			.maxAttempts(5)
			.build();
	}

	private static List<SimulatorLog.RestCall> gatewayBotCalls(GatewaySimulator sim) {
		List<SimulatorLog.RestCall> out = new ArrayList<>();
		for (SimulatorLog.RestCall c : sim.log().restCalls()) {
			if (c.path().endsWith("/gateway/bot")) {
				out.add(c);
			}
		}
		return out;
	}

	/** A manager of four shards with recording sinks and per-shard refusal counts. */
	static final class Run implements AutoCloseable {

		final ShardManager manager;

		final InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, Fleet.LIMITER_WINDOW);

		final Map<Integer, RecordingSink> sinks = new ConcurrentHashMap<>();

		final Map<Integer, Integer> refused = new ConcurrentHashMap<>();

		final AtomicReference<Throwable> startError = new AtomicReference<>();

		volatile GatewaySimulator sim;

		private Disposable lifecycle;

		private Disposable starting;

		Run(GatewaySimulator sim, GatewayDiscovery discovery) {
			this(sim, discovery, sim.gatewayUrl());
		}

		Run(GatewaySimulator sim, GatewayDiscovery discovery, String gatewayUrl) {
			this.sim = sim;
			ShardManager.Builder b = ShardManager.builder(Fleet.baseConfig(gatewayUrl).build())
				.identifyLimiter(this.limiter)
				.sinkFactory((id) -> this.sinks.computeIfAbsent(id, (k) -> new RecordingSink(SinkBehaviour.NORMAL)));
			if (discovery != null) {
				b.discovery(discovery);
			}
			else {
				b.totalShards(SHARDS);
			}
			this.manager = b.build();
			this.lifecycle = this.manager.lifecycle()
				.ofType(ShardLifecycleEvent.Reconnecting.class)
				.filter((e) -> e.cause() == ReconnectCause.TRANSPORT)
				.subscribe((e) -> this.refused.merge(e.shardId(), 1, Integer::sum));
		}

		Run start() {
			this.starting = this.manager.start().subscribe(null, this.startError::set);
			return this;
		}

		int refusals(int shard) {
			return this.refused.getOrDefault(shard, 0);
		}

		void awaitConnected() {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.manager.shards().size() == SHARDS
						&& this.manager.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
			assertThat(this.startError.get()).isNull();
		}

		/** Four identifies spaced by the window, no rule broken, and a stream delivered in order to each shard. */
		void assertHealthy() throws Exception {
			SimulatorLog log = this.sim.log();
			assertThat(log.violations()).as("simulator violations").isEmpty();
			List<SimulatorLog.Identify> identifies = new ArrayList<>(log.identifies());
			identifies.sort((a, b) -> a.time().compareTo(b.time()));
			assertThat(identifies).as("identifies").hasSize(SHARDS);
			assertThat(identifies).extracting(SimulatorLog.Identify::shardId).containsExactlyInAnyOrder(0, 1, 2, 3);
			for (int i = 1; i < identifies.size(); i++) {
				assertThat(Duration.between(identifies.get(i - 1).time(), identifies.get(i).time()))
					.as("gap between identify %d and %d", i - 1, i)
					.isGreaterThanOrEqualTo(Fleet.SIM_IDENTIFY_WINDOW);
			}
			assertThat(this.limiter.queued()).isZero();
			this.sim.dispatch("MESSAGE_CREATE", 50, null, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.sinks.size() == SHARDS
						&& this.sinks.values().stream().allMatch((s) -> s.count("MESSAGE_CREATE") == 50));
			for (RecordingSink sink : this.sinks.values()) {
				List<Fleet.Delivered> got = sink.delivered;
				for (int i = 0; i < got.size(); i++) {
					assertThat(got.get(i).seq()).isEqualTo(i + 1L);
				}
			}
		}

		@Override
		public void close() {
			if (this.starting != null) {
				this.starting.dispose();
			}
			this.manager.shutdown().block(Duration.ofSeconds(10));
			this.lifecycle.dispose();
		}

	}

}
