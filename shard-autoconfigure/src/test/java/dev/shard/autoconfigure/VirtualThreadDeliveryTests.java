package dev.shard.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.DeliveryThreads;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring.threads.virtual.enabled=true}: listeners run on virtual threads, each shard's dispatches in order,
 * and a listener that blocks holds up only its own shard. Needs JDK 21 or later: the build runs it on the machine's
 * JDK 25 in a surefire execution of its own (the default build stays on 17, where it is skipped).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadDeliveryTests {

	@Test
	void listenersRunOnVirtualThreadsInOrderPerShardAndABlockedOneHoldsUpOnlyItsShard() throws Exception {
		try (GatewaySimulator sim = GatewaySimulator.builder()
			.token("virtual-token")
			.heartbeatInterval(Duration.ofSeconds(2))
			.identifyWindow(Duration.ofMillis(50))
			.maxConcurrency(2)
			.guilds(4)
			.build()
			.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
					.web(WebApplicationType.NONE)
					.logStartupInfo(false)
					.run("--discord.token=virtual-token", "--discord.api-base-url=" + sim.restBaseUrl(),
							"--discord.gateway.url=" + sim.gatewayUrl(), "--discord.gateway.shards.total=2",
							"--discord.gateway.intents=GUILDS,GUILD_MESSAGES", "--spring.threads.virtual.enabled=true")) {
			assertThat(context.getBean(DeliveryThreads.class).size()).isEqualTo(DiscordAutoConfiguration.VIRTUAL_LANES);
			GatewayShards shards = context.getBean(GatewayShards.class);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> shards.shards().size() == 2
						&& shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
			Recorder recorder = context.getBean(Recorder.class);

			// shard 0's listener blocks on its first message: shard 1's messages still arrive meanwhile
			sim.dispatch("MESSAGE_CREATE", 50, 0, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.blocked.getCount() == 0);
			sim.dispatch("MESSAGE_CREATE", 50, 1, null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.sequences(1).size() == 50);
			assertThat(recorder.sequences(0)).hasSize(1);
			recorder.release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.sequences(0).size() == 50);

			for (int shard = 0; shard < 2; shard++) {
				assertThat(recorder.sequences(shard)).as("shard %d in order", shard).isSorted().doesNotHaveDuplicates();
			}
			assertThat(recorder.virtual).isNotEmpty().containsOnly(true);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DiscordAutoConfiguration.class)
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final Map<Integer, List<Long>> bySequence = new ConcurrentHashMap<>();

		final List<Boolean> virtual = new CopyOnWriteArrayList<>();

		final CountDownLatch blocked = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@EventListener
		void on(MessageCreateEvent event) throws Exception {
			this.virtual.add((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
			List<Long> sequences = this.bySequence.computeIfAbsent(event.shardId(), (k) -> new CopyOnWriteArrayList<>());
			sequences.add(event.sequence());
			if (event.shardId() == 0 && sequences.size() == 1) {
				this.blocked.countDown();
				this.release.await(30, TimeUnit.SECONDS);
			}
		}

		List<Long> sequences(int shard) {
			return this.bySequence.getOrDefault(shard, List.of());
		}

	}

}
