package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Short timings and small helpers for running real shards against the simulator over loopback. */
final class ShardTestSupport {

	static final String TOKEN = "test-token-abc.def";

	static final Duration HEARTBEAT = Duration.ofMillis(300);

	/** Lets every identify through at once (the simulator's identify window is short in these tests). */
	static final IdentifyRateLimiter NO_WAIT = (shardId) -> Mono
		.just(new IdentifyRateLimiter.IdentifyPermit(shardId, 0, 0));

	private ShardTestSupport() {
	}

	static GatewaySimulator.Builder simulator() {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(HEARTBEAT)
			.identifyWindow(Duration.ofMillis(1))
			.maxConcurrency(16)
			.guilds(3);
	}

	/** A started simulator for identify-pacing fleets: one small guild per shard, the given window and buckets. */
	static GatewaySimulator identifyFleetSimulator(int shards, int maxConcurrency, Duration window) {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofSeconds(30))
			.identifyWindow(window)
			.maxConcurrency(maxConcurrency)
			.recommendedShards(shards)
			.guilds(shards)
			.membersPerGuild(5)
			.build()
			.start();
	}

	static ShardConfig.Builder config(GatewaySimulator sim, Compression compression) {
		return ShardConfig.builder(TOKEN)
			.gatewayUrl(sim.gatewayUrl())
			.compression(compression)
			.helloTimeout(Duration.ofSeconds(3))
			.readyTimeout(Duration.ofSeconds(5))
			.invalidSessionDelay(Duration.ofMillis(10), Duration.ofMillis(50))
			.reconnectBackoff(new ShardConfig.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0));
	}

	/** The simulator's connections, in opening order. */
	static List<SimulatorLog.Connection> connections(GatewaySimulator sim) {
		return sim.log().connections();
	}

	static SimulatorLog.Connection connection(GatewaySimulator sim, int index) {
		return connections(sim).get(index);
	}

	/**
	 * Wraps a limiter and records how many of its permits were out at once (granted, IDENTIFY not yet settled): more
	 * than one shows that buckets were granted side by side, an ordering fact (a grant before another permit's
	 * settle) that no machine load can fake or hide, unlike the spread of identify times.
	 */
	static final class InFlightLimiter implements IdentifyRateLimiter {

		private final IdentifyRateLimiter delegate;

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger maxInFlight = new AtomicInteger();

		InFlightLimiter(IdentifyRateLimiter delegate) {
			this.delegate = delegate;
		}

		/** The most permits that were out at one time. */
		int maxInFlight() {
			return this.maxInFlight.get();
		}

		@Override
		public Mono<IdentifyPermit> acquire(int shardId) {
			return this.delegate.acquire(shardId)
				.doOnNext((permit) -> this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max));
		}

		@Override
		public void identifySettled(IdentifyPermit permit) {
			this.inFlight.decrementAndGet();
			this.delegate.identifySettled(permit);
		}

		@Override
		public void updateSessionStartLimit(SessionStartLimit limit) {
			this.delegate.updateSessionStartLimit(limit);
		}

		@Override
		public Optional<SessionStartLimit> sessionStartLimit() {
			return this.delegate.sessionStartLimit();
		}

		@Override
		public boolean isValid(IdentifyPermit permit) {
			return this.delegate.isValid(permit);
		}

		@Override
		public boolean isExhausted() {
			return this.delegate.isExhausted();
		}

	}

	/** A started shard with its sink and the outcome of {@code run}. */
	static final class Running implements AutoCloseable {

		final Shard shard;

		final RecordingSink sink;

		final List<ShardLifecycleEvent> events = new CopyOnWriteArrayList<>();

		final AtomicReference<Throwable> error = new AtomicReference<>();

		final AtomicBoolean completed = new AtomicBoolean();

		private final Disposable run;

		private final Disposable lifecycle;

		Running(Shard shard, RecordingSink sink) {
			this.shard = shard;
			this.sink = sink;
			this.lifecycle = shard.lifecycle().subscribe(this.events::add);
			this.run = shard.run(sink).subscribe(null, this.error::set, () -> this.completed.set(true));
		}

		boolean terminated() {
			return this.completed.get() || this.error.get() != null;
		}

		<T extends ShardLifecycleEvent> List<T> events(Class<T> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
		}

		@Override
		public void close() {
			this.shard.shutdown().block(Duration.ofSeconds(10));
			this.run.dispose();
			this.lifecycle.dispose();
		}

	}

	static Running start(Shard shard) {
		return new Running(shard, new RecordingSink());
	}

	static Running start(Shard shard, RecordingSink sink) {
		return new Running(shard, sink);
	}

	/** Records every dispatch; optionally slow. */
	static class RecordingSink implements ShardSink {

		final List<GatewayDispatch> dispatches = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			this.dispatches.add(dispatch);
			if (this.threads.size() < 10) {
				this.threads.add(Thread.currentThread().getName());
			}
		}

		List<GatewayDispatch> ofType(String type) {
			return this.dispatches.stream().filter((d) -> d.type().equals(type)).collect(Collectors.toList());
		}

		long count(String type) {
			return this.dispatches.stream().filter((d) -> d.type().equals(type)).count();
		}

		List<Long> sequences(String type) {
			List<Long> out = new ArrayList<>();
			for (GatewayDispatch d : this.dispatches) {
				if (d.type().equals(type)) {
					out.add(d.sequence());
				}
			}
			return out;
		}

	}

}
