package dev.shard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ShardManager.Builder#managedExternally()}: {@code start()} connects nothing, single shards are started
 * (resuming a given session) and released resumably by an owner, as the Redis leases do; and the shard checks
 * {@link IdentifyRateLimiter#isValid} right before sending IDENTIFY.
 */
@Timeout(60)
class ShardManagerExternalTests {

	static final String TOKEN = "external-token.abc";

	private GatewaySimulator sim;

	private final List<ShardManager> managers = new java.util.ArrayList<>();

	@BeforeEach
	void setUp() {
		this.sim = GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(Duration.ofSeconds(2))
			.identifyWindow(Duration.ofMillis(200))
			.maxConcurrency(2)
			.recommendedShards(4)
			.sessionExpiry(Duration.ofSeconds(30))
			.build()
			.start();
	}

	@AfterEach
	void tearDown() {
		this.managers.forEach((m) -> m.shutdown().block(Duration.ofSeconds(10)));
		this.sim.close();
	}

	private ShardManager manager(IdentifyRateLimiter limiter) {
		ShardConfig config = ShardConfig.builder(TOKEN)
			.gatewayUrl(this.sim.gatewayUrl())
			.maxConcurrency(2)
			.reconnectBackoff(new ShardConfig.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0))
			.build();
		ShardManager.Builder builder = ShardManager.builder(config)
			.totalShards(4)
			.managedExternally()
			.identifyWindow(Duration.ofMillis(300))
			.sink((dispatch) -> {
			});
		if (limiter != null) {
			builder.identifyLimiter(limiter);
		}
		ShardManager manager = builder.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void startConnectsNothingAndOwnerStartsReleasesAndHandsOverSessions() {
		ShardManager first = manager(null);
		// Asked before start(): waits for the shard count, then runs.
		Mono<Void> early = first.startShard(3, null);
		early.subscribe();
		first.start().block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> first.stateByShard().equals(java.util.Map.of(3,
				ShardState.CONNECTED)));
		first.startShard(1, null).block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> first.states().get(ShardState.CONNECTED) == 2);
		assertThat(first.shardIds()).containsExactly(1, 3);
		assertThat(this.sim.identifies()).extracting(SimulatorLog.Identify::shardId)
			.containsExactlyInAnyOrder(1, 3);
		assertThatThrownBy(() -> first.startShard(4, null).block()).isInstanceOf(IllegalArgumentException.class);
		// Starting a running shard again does nothing.
		first.startShard(1, null).block(Duration.ofSeconds(5));
		assertThat(this.sim.identifies()).hasSize(2);

		this.sim.dispatch("MESSAGE_CREATE", 5, null, null).join();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> first.shard(3).flatMap(Shard::session).map(SessionInfo::sequence).orElse(0L)
					>= this.sim.lastSequence(3));
		Optional<SessionInfo> handedOver = first.releaseShard(3).blockOptional(Duration.ofSeconds(5));
		assertThat(handedOver).get().satisfies((s) -> assertThat(s.sequence()).isEqualTo(this.sim.lastSequence(3)));
		assertThat(first.shardIds()).containsExactly(1);
		assertThat(first.releaseShard(3).blockOptional()).isEmpty();

		// Another process resumes it.
		ShardManager second = manager(null);
		second.start().block(Duration.ofSeconds(5));
		second.startShard(3, handedOver.get()).block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> second.states().get(ShardState.CONNECTED) == 1);
		assertThat(this.sim.identifies()).hasSize(2);
		assertThat(this.sim.resumes()).singleElement()
			.satisfies((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void anExpiredPermitIsNotUsedAndTheShardAsksAgain() {
		InMemoryIdentifyRateLimiter real = new InMemoryIdentifyRateLimiter(2, Duration.ofMillis(300));
		AtomicBoolean firstRefused = new AtomicBoolean();
		java.util.concurrent.atomic.AtomicInteger acquired = new java.util.concurrent.atomic.AtomicInteger();
		IdentifyRateLimiter limiter = new IdentifyRateLimiter() {

			@Override
			public Mono<IdentifyPermit> acquire(int shardId) {
				return real.acquire(shardId).doOnNext((p) -> acquired.incrementAndGet());
			}

			@Override
			public boolean isValid(IdentifyPermit permit) {
				// The first permit "expired" on the way (a paused process).
				return !firstRefused.compareAndSet(false, true);
			}

		};
		ShardManager manager = manager(limiter);
		manager.start().block(Duration.ofSeconds(5));
		manager.startShard(0, null).subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> manager.states().get(ShardState.CONNECTED) == 1);
		assertThat(firstRefused).isTrue();
		assertThat(acquired).hasValue(2);
		assertThat(this.sim.identifies()).hasSize(1);
	}

}
