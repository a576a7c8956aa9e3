package dev.shard.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.LayoutHandOver;
import dev.shard.test.simulator.GuildMessageLog;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ShardManager#reshard(int)} against the simulator, which routes each guild's events to every session that
 * covers it, as Discord does: the bot grows from 2 to 4 shards while a stream of messages over 16 guilds runs, and
 * every message reaches the sink once, in order per guild, with a connected shard for every guild throughout.
 */
@Timeout(120)
class ReshardTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int GUILDS = 16;

	private GatewaySimulator sim;

	private ShardManager manager;

	/** The stream's messages as delivered. */
	private final GuildMessageLog messages = new GuildMessageLog();

	private final List<ReshardEvent> events = new CopyOnWriteArrayList<>();

	private Disposable eventSubscription;

	/** Managers of a test besides {@link #manager}. */
	private final List<ShardManager> others = new ArrayList<>();

	@AfterEach
	void tearDown() {
		if (this.eventSubscription != null) {
			this.eventSubscription.dispose();
		}
		for (ShardManager other : this.others) {
			other.shutdown().block(Duration.ofSeconds(20));
		}
		if (this.manager != null) {
			this.manager.shutdown().block(Duration.ofSeconds(20));
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private GatewaySimulator.Builder simulator(int recommended) {
		return ShardManagerTests.simulator(2, recommended).guilds(GUILDS);
	}

	private ShardManager.Builder manager() {
		return ShardManagerTests.manager(this.sim, (dispatch) -> {
			if ("MESSAGE_CREATE".equals(dispatch.type())) {
				this.messages.record(JSON.readTree(dispatch.frame()).path("d").path("content").asString());
			}
		}).reshardGuildWait(Duration.ofSeconds(10));
	}

	private void start(ShardManager.Builder builder, int shards) {
		this.manager = builder.build();
		this.eventSubscription = this.manager.reshards().subscribe(this.events::add);
		this.manager.start().block(Duration.ofSeconds(30));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.manager.states().get(ShardState.CONNECTED) == shards);
	}

	private int delivered() {
		return this.messages.delivered();
	}

	/** Each guild's messages 1..n, once each, in order. */
	private void assertEachMessageOnceInOrder(int total) {
		assertThat(this.messages.guilds()).hasSize(GUILDS);
		assertThat(this.messages.problems()).isEmpty();
		assertThat(this.messages.delivered()).isEqualTo(total);
	}

	@Test
	void growsFromTwoToFourShardsWhileStreamingAndDeliversEachMessageOnce() throws Exception {
		this.sim = simulator(2).build().start();
		start(manager(), 2);
		CompletableFuture<Long> stream = this.sim.streamGuildMessages(3000, 500);
		await().atMost(Duration.ofSeconds(10)).until(() -> delivered() >= 300);

		this.manager.reshard(4).block(Duration.ofSeconds(60));

		assertThat(stream.get(30, TimeUnit.SECONDS)).isEqualTo(3000);
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered() >= 3000);
		assertEachMessageOnceInOrder(3000);

		assertThat(this.manager.totalShards()).isEqualTo(4);
		assertThat(this.manager.shardIds()).containsExactly(0, 1, 2, 3);
		assertThat(this.manager.states().get(ShardState.CONNECTED)).isEqualTo(4);
		List<SimulatorLog.Identify> identifies = this.sim.identifies();
		assertThat(identifies).hasSize(6).allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
		assertThat(identifies.stream().filter((i) -> i.shardCount() == 4).map(SimulatorLog.Identify::shardId))
			.containsExactlyInAnyOrder(0, 1, 2, 3);
		assertThat(this.sim.violations()).as("identifies within the buckets").isEmpty();
		// the old layout was closed with 1000 by the client, after the new one had connected
		assertThat(LayoutHandOver.problems(this.sim, 2, 4)).isEmpty();
		assertThat(this.events).first().isInstanceOf(ReshardEvent.Started.class);
		assertThat(this.events).last().isInstanceOfSatisfying(ReshardEvent.Switched.class, (switched) -> {
			assertThat(switched.from()).isEqualTo(2);
			assertThat(switched.to()).isEqualTo(4);
		});
		assertThat(this.events).anySatisfy((e) -> assertThat(e).isEqualTo(new ReshardEvent.Progress(2, 4, 4, 4)));
	}

	/** For each guild: the new layout's shard for it had connected before the old layout's shard for it closed. */
	@Test
	void theSessionStoreKeepsTheNewLayoutsSessionsAfterTheSwitch(@TempDir Path directory) {
		this.sim = simulator(2).build().start();
		FileSessionStore store = new FileSessionStore(directory);
		start(manager().sessionStore(store).sessionCheckpoints(Duration.ofMillis(100), 1000), 2);
		this.manager.reshard(4).block(Duration.ofSeconds(60));
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (int id = 0; id < 4; id++) {
				Optional<SessionInfo> saved = store.load(id).block();
				if (saved.isEmpty() || saved.get().shardCount() != 4) {
					return false;
				}
			}
			return true;
		});
		this.manager.shutdown(ShutdownMode.RESUMABLE).block(Duration.ofSeconds(20));
		// the next start with four shards resumes all four
		this.manager = manager().totalShards(4).sessionStore(store).build();
		this.manager.start().block(Duration.ofSeconds(30));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.manager.states().get(ShardState.CONNECTED) == 4);
		assertThat(this.sim.identifies()).hasSize(6);
		assertThat(this.sim.resumes()).hasSize(4).allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
	}

	@Test
	void aCloseWith4011StartsAReshardAtOnce() throws Exception {
		this.sim = simulator(2).build().start();
		start(manager().autoReshard(null), 2);
		this.sim.recommendedShards(4);
		assertThat(this.sim.closeLayout(2, 4011)).isEqualTo(2);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.manager.totalShards() == 4 && this.manager.states().get(ShardState.CONNECTED) == 4);
		assertThat(this.events).first()
			.isInstanceOfSatisfying(ReshardEvent.Started.class, (started) -> assertThat(started.cause())
				.contains("4011"));
		// from now on the new layout delivers each message once
		this.sim.streamGuildMessages(400, 0).get(20, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered() >= 400);
		assertEachMessageOnceInOrder(400);
	}

	@Test
	void aGrownRecommendationIsFoundByThePeriodicCheck() {
		this.sim = simulator(2).build().start();
		start(manager().autoReshard(Duration.ofMillis(200)), 2);
		this.sim.recommendedShards(4);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.manager.totalShards() == 4 && this.manager.states().get(ShardState.CONNECTED) == 4);
		assertThat(this.events).first()
			.isInstanceOfSatisfying(ReshardEvent.Started.class,
					(started) -> assertThat(started.cause()).isEqualTo("recommended"));
	}

	@Test
	void aReshardTheBudgetCannotCoverIsRefusedBeforeItBegins() {
		this.sim = simulator(2).sessionStartLimit(1000, 5, Duration.ofHours(1)).build().start();
		start(manager(), 2);
		assertThatThrownBy(() -> this.manager.reshard(4).block(Duration.ofSeconds(10)))
			.isInstanceOf(ReshardException.class)
			.hasMessageContaining("needs 4 session start(s) and only 3 are left");
		assertThat(this.sim.identifies()).hasSize(2);
		assertThat(this.manager.isResharding()).isFalse();
	}

	@Test
	void aNewLayoutThatCannotStartIsGivenUpAndTheOldOneRunsOn() throws Exception {
		// one shard may hold 10 guilds at most: a layout of one shard is refused with 4011
		this.sim = simulator(2).maxGuildsPerShard(10).build().start();
		start(manager(), 2);
		assertThatThrownBy(() -> this.manager.reshard(1).block(Duration.ofSeconds(30)))
			.isInstanceOf(ReshardException.class)
			.hasMessageContaining("new shard 0/1 stopped");
		assertThat(this.events).last().isInstanceOf(ReshardEvent.Failed.class);
		assertThat(this.manager.totalShards()).isEqualTo(2);
		assertThat(this.manager.isResharding()).isFalse();
		// no hand-over happened: the old sessions are still open and the new one never took over
		assertThat(LayoutHandOver.problems(this.sim, 2, 1)).anySatisfy(
				(problem) -> assertThat(problem).startsWith("old shard 0 was not closed with 1000 by the client"));
		// the old layout still delivers
		this.sim.streamGuildMessages(100, 0).get(20, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered() >= 100);
		assertEachMessageOnceInOrder(100);
	}

	@Test
	void twoProcessesOfExternallyManagedShardsEachReshardTheirOwnAndEveryMessageArrivesOnce() throws Exception {
		this.sim = simulator(2).build().start();
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(2, ShardManagerTests.LIMITER_WINDOW);
		ShardManager a = manager().totalShards(2).managedExternally().identifyLimiter(limiter).build();
		ShardManager b = manager().totalShards(2).managedExternally().identifyLimiter(limiter).build();
		this.others.add(a);
		this.others.add(b);
		a.start().block(Duration.ofSeconds(10));
		b.start().block(Duration.ofSeconds(10));
		a.startShard(0).block(Duration.ofSeconds(20));
		b.startShard(1).block(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> a.states().get(ShardState.CONNECTED) == 1 && b.states().get(ShardState.CONNECTED) == 1);
		CompletableFuture<Long> stream = this.sim.streamGuildMessages(2000, 500);
		await().atMost(Duration.ofSeconds(10)).until(() -> delivered() >= 200);

		// not a multiple: a guild's new shard could be in the other process
		assertThatThrownBy(() -> a.reshard(3).block(Duration.ofSeconds(10))).isInstanceOf(ReshardException.class)
			.hasMessageContaining("must be a multiple of 2");
		// each process re-shards the shards it runs, independently of the other
		Mono.when(a.reshard(4), b.reshard(4)).block(Duration.ofSeconds(60));

		assertThat(a.shardIds()).containsExactly(0, 2);
		assertThat(b.shardIds()).containsExactly(1, 3);
		assertThat(a.totalShards()).isEqualTo(4);
		assertThat(stream.get(30, TimeUnit.SECONDS)).isEqualTo(2000);
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered() >= 2000);
		assertEachMessageOnceInOrder(2000);
		assertThat(this.sim.identifies()).hasSize(6).allSatisfy((i) -> assertThat(i.outcome()).isEqualTo("READY"));
		assertThat(this.sim.violations()).isEmpty();
		assertThat(LayoutHandOver.problems(this.sim, 2, 4)).isEmpty();
	}

	@Test
	void aProcessRunningSomeShardsOnlyCannotReshard() {
		this.sim = simulator(2).build().start();
		start(manager().totalShards(2).shards(ShardSelection.parse("0")), 1);
		assertThatThrownBy(() -> this.manager.reshard(4).block(Duration.ofSeconds(10)))
			.isInstanceOf(ReshardException.class)
			.hasMessageContaining("runs only shards");
	}

}
