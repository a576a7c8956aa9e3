package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.cluster.RedisTestSupport;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault matrix, hand-over between processes: two Spring Boot instances sharing the real Redis and one simulator,
 * each running one of two shards, with a slow listener. One instance stops gracefully (a rolling deploy) while its
 * shard's buffer holds hundreds of received, undelivered dispatches; the other takes the shard over and resumes.
 * <p>
 * Nothing may be lost: every MESSAGE_CREATE the simulator sent on that shard's session reaches a listener of one of
 * the two instances, counting the stopped one's deliveries only until its context has closed (then the process
 * would exit, and its daemon delivery threads with it). Duplicates are allowed only after the stopped instance's
 * last checkpoint, i.e. after the sequence the new owner resumed at.
 */
@Timeout(120)
class RedisHandOverTests {

	private static final int SHARDS = 2;

	private static final int BACKLOG = 600;

	/** Deliveries per instance: (shard, sequence), recorded while the instance is alive. */
	static final Map<String, List<long[]>> deliveries = new ConcurrentHashMap<>();

	static final Set<String> dead = ConcurrentHashMap.newKeySet();

	private RedisTestSupport redis;

	private GatewaySimulator simulator;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.redis = new RedisTestSupport();
		this.simulator = GatewaySimulator.builder()
			.maxConcurrency(1)
			.identifyWindow(Duration.ofMillis(300))
			.recommendedShards(SHARDS)
			.guilds(16)
			.heartbeatInterval(Duration.ofSeconds(2))
			.sessionExpiry(Duration.ofSeconds(60))
			.build()
			.start();
		deliveries.clear();
		dead.clear();
	}

	@AfterEach
	void tearDown() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
		this.redis.close();
	}

	private ConfigurableApplicationContext instance(String id) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Bot.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("discord.token=" + this.simulator.token(),
					"discord.api-base-url=" + this.simulator.restBaseUrl(), "discord.gateway.shards.total=" + SHARDS,
					"discord.gateway.intents=GUILDS,GUILD_MESSAGES", "discord.gateway.shutdown-timeout=10s",
					"discord.gateway.reconnect.initial-delay=50ms", "discord.gateway.reconnect.max-delay=500ms",
					"discord.gateway.coordination=redis", "discord.gateway.redis.key-prefix=" + this.redis.prefix,
					"discord.gateway.redis.command-timeout=500ms", "discord.gateway.redis.identify.window=300ms",
					"discord.gateway.redis.identify.send-margin=100ms",
					"discord.gateway.redis.session.checkpoint-interval=150ms",
					"discord.gateway.redis.lease.ttl=1500ms", "discord.gateway.redis.lease.renew-interval=300ms",
					"discord.gateway.redis.lease.instance-id=" + id, "discord.enabled=false")
			.run();
		this.contexts.add(context);
		return context;
	}

	private static Set<Integer> connectedOwned(ConfigurableApplicationContext context) {
		GatewayShards shards = context.getBean(GatewayShards.class);
		Set<Integer> out = new TreeSet<>();
		for (int id : context.getBean(ShardLeaseManager.class).ownedShards()) {
			if (shards.shard(id).map(Shard::state).orElse(null) == ShardState.CONNECTED) {
				out.add(id);
			}
		}
		return out;
	}

	@Test
	void aGracefulHandOverWithASlowListenerLosesNothing() throws Exception {
		ConfigurableApplicationContext a = instance("a");
		ConfigurableApplicationContext b = instance("b");
		a.start();
		b.start();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> connectedOwned(a).size() == 1 && connectedOwned(b).size() == 1);
		int shard = connectedOwned(b).iterator().next();
		Shard leaving = b.getBean(GatewayShards.class).shard(shard).orElseThrow();

		this.simulator.dispatch("MESSAGE_CREATE", BACKLOG, shard, null).get(10, TimeUnit.SECONDS);
		// hundreds received and waiting for the slow listener
		await().atMost(Duration.ofSeconds(10)).until(() -> leaving.bufferedEvents() >= 150);
		b.close();
		// the process would exit now: its daemon delivery threads deliver nothing more
		dead.add("b");
		long deliveredByB = deliveries.getOrDefault("b", List.of()).size();

		await().atMost(Duration.ofSeconds(10)).until(() -> connectedOwned(a).contains(shard));
		this.simulator.dispatch("MESSAGE_CREATE", 20, shard, null).get(10, TimeUnit.SECONDS);
		SimulatorLog.Resume resume = this.simulator.resumes()
			.stream()
			.filter((r) -> "RESUMED".equals(r.outcome()))
			.reduce((x, y) -> y)
			.orElseThrow(() -> new AssertionError("the new owner did not resume: " + this.simulator.resumes()));
		List<Long> sent = this.simulator.dispatched(shard)
			.stream()
			.filter((d) -> d.sessionId().equals(resume.sessionId()) && d.type().equals("MESSAGE_CREATE"))
			.map(SimulatorLog.Dispatch::seq)
			.toList();
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered("a", shard).keySet().contains(sent.get(sent.size() - 1)));

		Map<Long, Integer> count = new TreeMap<>();
		delivered("b", shard).forEach((seq, n) -> count.merge(seq, n, Integer::sum));
		delivered("a", shard).forEach((seq, n) -> count.merge(seq, n, Integer::sum));
		List<Long> lost = sent.stream().filter((seq) -> !count.containsKey(seq)).toList();
		assertThat(lost).as("sequences never delivered (b delivered %d before it closed; a resumed at %d)",
				deliveredByB, resume.seq()).isEmpty();
		List<Long> duplicated = count.entrySet().stream().filter((e) -> e.getValue() > 1).map(Map.Entry::getKey).toList();
		assertThat(duplicated).as("duplicates, allowed only after the last checkpoint (%d)", resume.seq())
			.allSatisfy((seq) -> assertThat(seq).isGreaterThan(resume.seq()));
		assertThat(this.simulator.identifies()).as("taken over by resuming").hasSize(SHARDS);
		assertThat(this.simulator.violations()).isEmpty();
	}

	/** Sequence to number of deliveries of {@code shard} by an instance while it was alive. */
	private static Map<Long, Integer> delivered(String instance, int shard) {
		Map<Long, Integer> out = new TreeMap<>();
		for (long[] d : deliveries.getOrDefault(instance, List.of())) {
			if (d[0] == shard) {
				out.merge(d[1], 1, Integer::sum);
			}
		}
		return out;
	}

	/** A listener taking 2 ms per message. */
	static final class SlowListener {

		private final String instance;

		SlowListener(String instance) {
			this.instance = instance;
		}

		@EventListener
		public void on(MessageCreateEvent event) {
			if (dead.contains(this.instance)) {
				return;
			}
			deliveries.computeIfAbsent(this.instance, (k) -> new CopyOnWriteArrayList<>())
				.add(new long[] { event.shardId(), event.sequence() });
			// the listener under test is slow: that is the fault, not a synchronisation
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Bot {

		@Bean
		SlowListener slowListener(@Value("${discord.gateway.redis.lease.instance-id}") String instance) {
			return new SlowListener(instance);
		}

	}

}
