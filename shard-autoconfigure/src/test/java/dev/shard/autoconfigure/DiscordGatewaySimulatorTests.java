package dev.shard.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.event.GuildCreateEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application with {@code @EventListener} methods, against the gateway simulator over loopback, with
 * two shards in this process.
 */
@SpringBootTest(classes = DiscordGatewaySimulatorTests.BotApplication.class,
		properties = "spring.main.web-application-type=none")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class DiscordGatewaySimulatorTests {

	static final GatewaySimulator simulator = GatewaySimulator.builder()
		.token("sim-token-abc.def")
		.heartbeatInterval(Duration.ofMillis(300))
		.identifyWindow(Duration.ofMillis(100))
		.guilds(4)
		.build()
		.start();

	/** Released by the test once shard 0 is shown to flow while shard 1's listener is stuck. */
	static final CountDownLatch releaseSlowListener = new CountDownLatch(1);

	@DynamicPropertySource
	static void discord(DynamicPropertyRegistry registry) {
		registry.add("discord.token", simulator::token);
		registry.add("discord.api-base-url", simulator::restBaseUrl);
		registry.add("discord.gateway.url", simulator::gatewayUrl);
		registry.add("discord.gateway.shards.total", () -> "2");
		registry.add("discord.gateway.compression", () -> "zlib-stream");
		registry.add("discord.gateway.event-buffer-size", () -> "16");
		registry.add("discord.gateway.shutdown-timeout", () -> "5s");
	}

	@AfterAll
	static void releaseListeners() {
		releaseSlowListener.countDown();
	}

	@Autowired
	Listeners listeners;

	@Autowired
	GatewayShards shards;

	@Autowired
	DiscordEventBridge bridge;

	@Autowired
	ApplicationAvailability availability;

	@Test
	@Order(1)
	void shardsConnectAndReadinessFlips() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.shards.shards().size() == 2
					&& this.shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listeners.ready.size() == 2);
		assertThat(this.listeners.ready).extracting(ShardLifecycleEvent.Ready::shardId).containsExactlyInAnyOrder(0, 1);
		// intents=auto (the default), from the listened types: MESSAGE_CREATE -> GUILD_MESSAGES | DIRECT_MESSAGES,
		// GUILD_CREATE -> GUILDS
		assertThat(simulator.identifies()).hasSize(2)
			.allSatisfy((identify) -> assertThat(identify.intents()).isEqualTo(1 | 512 | 4096));
		assertThat(simulator.identifies()).extracting(SimulatorLog.Identify::shardCount).containsOnly(2);
	}

	@Test
	@Order(2)
	void messagesArriveTypedInOrderPerShardDespiteAThrowingAndASlowListener() throws Exception {
		awaitConnected();
		int perShard = 200;
		long boundBefore = this.bridge.boundEvents("MESSAGE_CREATE");
		// shard 1's slow listener blocks on the latch (and shard 1 stops reading its socket once its buffer is
		// full, so its dispatch job may not finish); shard 0 must still deliver everything
		simulator.dispatch("MESSAGE_CREATE", perShard, 1, null);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listeners.slowListenerEntered.getCount() == 0);
		simulator.dispatch("MESSAGE_CREATE", perShard, 0, null).get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listeners.messages(0).size() == perShard);
		assertThat(this.listeners.messages(1)).isEmpty();
		// shard 1 keeps heartbeating while its listener is stuck: its connection stays open, ACKed beats continue
		SimulatorLog.Connection shard1 = connectionOf(1);
		int beatsBefore = shard1.heartbeats().size();
		await().atMost(Duration.ofSeconds(5)).until(() -> connectionOf(1).heartbeats().size() >= beatsBefore + 2);
		assertThat(connectionOf(1).open()).isTrue();
		releaseSlowListener.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listeners.messages(1).size() == perShard);

		for (int shard = 0; shard < 2; shard++) {
			List<MessageCreateEvent> received = this.listeners.messages(shard);
			assertThat(received).allSatisfy((event) -> assertThat(event.message()).isNotNull());
			assertThat(received).extracting(MessageCreateEvent::sequence).isSorted().doesNotHaveDuplicates();
			List<Long> sent = simulator.dispatched(shard)
				.stream()
				.filter((d) -> d.type().equals("MESSAGE_CREATE"))
				.map(SimulatorLog.Dispatch::seq)
				.toList();
			assertThat(received).extracting(MessageCreateEvent::sequence).containsExactlyElementsOf(sent);
		}
		// the throwing listener (ordered first) saw every event and stopped none
		assertThat(this.listeners.throwingCalls.get()).isEqualTo(2 * perShard);
		// no reconnect: one connection per shard, both open
		assertThat(simulator.connections()).hasSize(2).allSatisfy((c) -> assertThat(c.open()).isTrue());
		// listeners ran off the I/O threads
		assertThat(this.listeners.threads(0)).isNotEmpty().noneMatch((t) -> t.contains("reactor-http"));
		assertThat(this.listeners.threads(1)).isNotEmpty().noneMatch((t) -> t.contains("reactor-http"));
		// SpEL condition: only shard 0
		assertThat(this.listeners.conditional.get()).isEqualTo(perShard);
		// @Async: ran on the task executor, not on the delivery thread
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listeners.asyncCalls.get() == 2 * perShard);
		assertThat(this.listeners.asyncThreads).noneMatch((t) -> this.listeners.threads(0).contains(t)
				|| this.listeners.threads(1).contains(t));
		assertThat(this.bridge.boundEvents("MESSAGE_CREATE") - boundBefore).isEqualTo(2 * perShard);
	}

	@Test
	@Order(3)
	void typesWithoutListenersAreNotBound() throws Exception {
		awaitConnected();
		assertThat(this.bridge.listenedTypes()).contains("MESSAGE_CREATE", "GUILD_CREATE")
			.doesNotContain("TYPING_START", "MESSAGE_REACTION_ADD");
		assertThat(this.bridge.rawListened()).isFalse();
		long boundBefore = this.bridge.boundEvents();
		int before0 = this.listeners.messages(0).size();
		int before1 = this.listeners.messages(1).size();
		simulator.dispatch("TYPING_START", 50, null, null).get(10, TimeUnit.SECONDS);
		// a listened event after them on each shard: once it arrives, the shard has processed the typing events
		simulator.dispatch("MESSAGE_CREATE", 1, null, null).get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listeners.messages(0).size() == before0 + 1
				&& this.listeners.messages(1).size() == before1 + 1);
		assertThat(simulator.dispatchedCount("TYPING_START")).isEqualTo(100);
		assertThat(this.bridge.boundEvents("TYPING_START")).isZero();
		assertThat(this.bridge.boundEvents() - boundBefore).isEqualTo(2);
		// ... yet their sequence numbers were tracked (a resume would not replay them)
		for (Shard shard : this.shards.shards()) {
			assertThat(shard.sequence()).hasValue(simulator.lastSequence(shard.shardId()));
		}
	}

	private void awaitConnected() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
	}

	private static SimulatorLog.Connection connectionOf(int shard) {
		return simulator.connections()
			.stream()
			.filter((c) -> c.shard() != null && c.shard() == shard && c.open())
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	static class BotApplication {

		/** Stops the simulator when the context closes, after the shards (a lifecycle) have been stopped. */
		@Bean
		DisposableBean simulatorCloser() {
			return simulator::close;
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

		@Bean
		AsyncListener asyncListener(Listeners listeners) {
			return new AsyncListener(listeners);
		}

	}

	/** Proxied for {@code @Async}, so it keeps no state of its own. */
	static class AsyncListener {

		private final Listeners listeners;

		AsyncListener(Listeners listeners) {
			this.listeners = listeners;
		}

		@Async
		@EventListener
		public void async(MessageCreateEvent event) {
			this.listeners.asyncCalls.incrementAndGet();
			this.listeners.asyncThreads.add(Thread.currentThread().getName());
		}

	}

	static class Listeners {

		final Map<Integer, List<MessageCreateEvent>> messages = new ConcurrentHashMap<>();

		final Map<Integer, Set<String>> threads = new ConcurrentHashMap<>();

		final List<ShardLifecycleEvent.Ready> ready = new CopyOnWriteArrayList<>();

		final AtomicInteger throwingCalls = new AtomicInteger();

		final AtomicInteger conditional = new AtomicInteger();

		final AtomicInteger asyncCalls = new AtomicInteger();

		final Set<String> asyncThreads = ConcurrentHashMap.newKeySet();

		final CountDownLatch slowListenerEntered = new CountDownLatch(1);

		List<MessageCreateEvent> messages(int shard) {
			return this.messages.computeIfAbsent(shard, (s) -> new CopyOnWriteArrayList<>());
		}

		Set<String> threads(int shard) {
			return this.threads.computeIfAbsent(shard, (s) -> ConcurrentHashMap.newKeySet());
		}

		@EventListener
		@org.springframework.core.annotation.Order(0)
		public void failFirst(MessageCreateEvent event) {
			this.throwingCalls.incrementAndGet();
			throw new IllegalStateException("listener bug on purpose, seq " + event.sequence());
		}

		@EventListener
		@org.springframework.core.annotation.Order(1)
		public void slowOnShardOne(MessageCreateEvent event) throws InterruptedException {
			if (event.shardId() == 1) {
				this.slowListenerEntered.countDown();
				releaseSlowListener.await(30, TimeUnit.SECONDS);
			}
		}

		@EventListener
		@org.springframework.core.annotation.Order(2)
		public void record(MessageCreateEvent event) {
			messages(event.shardId()).add(event);
			threads(event.shardId()).add(Thread.currentThread().getName());
		}

		@EventListener(condition = "#event.shardId() == 0")
		public void onlyShardZero(MessageCreateEvent event) {
			this.conditional.incrementAndGet();
		}

		@EventListener(condition = "false")
		public void guilds(GuildCreateEvent event) {
		}

		@EventListener
		public void ready(ShardLifecycleEvent.Ready event) {
			this.ready.add(event);
		}

	}

}
