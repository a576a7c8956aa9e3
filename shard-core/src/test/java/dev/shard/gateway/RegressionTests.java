package dev.shard.gateway;

import dev.shard.gateway.Fleet.SinkBehaviour;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import dev.shard.gateway.ShardLifecycleEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bugs the reliability work found in the simulator and the core (issue #11), one test each; each failed before
 * its fix.
 */
class RegressionTests {

	/**
	 * Simulator: a dispatch issued from a thread other than the connection's event loop (dispatchRaw,
	 * dispatchUnknownType, the REST message route) while a dispatch stream is running goes on the wire after later
	 * sequence numbers. A correct client then sees a sequence gap and resumes (or, before the core checked gaps,
	 * dropped the late one as a replay and lost it): a correct server never makes it reconnect.
	 */
	@Test
	void simulatorKeepsWireOrderForDispatchesFromOtherThreads() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start();
				Fleet fleet = new Fleet(sim, 1, (c) -> c, SinkBehaviour.NORMAL).start()) {
			await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
			// another thread dispatches while the stream writes on the connection's loop
			CompletableFuture<Long> stream = sim.dispatch("MESSAGE_CREATE", 6000, null, 3000.0);
			Fleet.RecordingSink sink = fleet.member(0).sink;
			CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
				int issued = 0;
				while (!stream.isDone()) {
					sim.dispatchUnknownType(0);
					issued++;
					long seen = sink.delivered.size();
					await().pollInterval(Duration.ofMillis(1))
						.atMost(Duration.ofSeconds(5))
						.until(() -> stream.isDone() || sink.delivered.size() >= seen + 3);
				}
				return issued;
			});
			stream.get(30, TimeUnit.SECONDS);
			int issued = other.get(30, TimeUnit.SECONDS);
			fleet.awaitConverged(Duration.ofSeconds(20));
			assertThat(issued).isGreaterThan(100);
			assertThat(sink.count("GUILD_JOIN_REQUEST_UPDATE")).isEqualTo(issued);
			assertThat(fleet.member(0).shard.reconnectCount()).as("reconnects").isZero();
			assertThat(sim.log().connections()).hasSize(1);
		}
	}

	/**
	 * Core: after a truncated zlib-stream message the inflater's context is wrong, and later messages can inflate
	 * to garbage without a zlib error. The shard used to ignore each as "malformed JSON" and relied on zombie
	 * detection (no ACK decodes either); with zombie detection off the connection stayed up and every dispatch was
	 * lost. Now garbage on a compressed connection resumes on a fresh context.
	 */
	@Test
	void shardRecoversFromACorruptCompressionContextWithoutZombieDetection() throws Exception {
		try (GatewaySimulator sim = Fleet.simulator().build().start();
				Fleet fleet = new Fleet(sim, 1, (c) -> c.zombieDetection(false), SinkBehaviour.NORMAL).start()) {
			await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
			sim.dispatch("MESSAGE_CREATE", 20, null, null).get(10, TimeUnit.SECONDS);
			fleet.awaitConverged(Duration.ofSeconds(10));
			// where the garbage lands is a matter of luck (an inflate error is caught); a few rounds hit both cases
			for (int i = 0; i < 10; i++) {
				sim.sendTruncatedFrame(0);
				sim.dispatch("MESSAGE_CREATE", 50, null, null).get(10, TimeUnit.SECONDS);
				fleet.awaitConverged(Duration.ofSeconds(5));
			}
			Fleet.Member m = fleet.member(0);
			assertThat(m.events(ShardLifecycleEvent.Resumed.class)).hasSize(10);
			assertThat(sim.log().identifies()).hasSize(1);
			assertThat(m.sink.duplicates.get()).isZero();
		}
	}

	/**
	 * Simulator: {@code close(shard, 1006)} cannot send 1006 (reserved, never on the wire); the task throws, the
	 * connection is marked closed but stays open, and the client sees a silent (zombie) connection instead of an
	 * abnormal closure.
	 */
	@Test
	void simulatorCloseWith1006EndsTheConnection() {
		try (GatewaySimulator sim = Fleet.simulator().build().start();
				Fleet fleet = new Fleet(sim, 1, (c) -> c.zombieDetection(false), SinkBehaviour.NORMAL).start()) {
			await().atMost(Duration.ofSeconds(10)).until(fleet::allConnected);
			sim.close(0, 1006);
			await().atMost(Duration.ofSeconds(10)).until(() -> sim.log().connections().size() > 1
					|| sim.log().connections().stream().noneMatch(SimulatorLog.Connection::open));
			// dropped like a TCP reset: the shard sees 1006 and resumes
			assertThat(sim.log().connections().get(0).close().by()).isEqualTo("server-drop");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> !fleet.member(0).events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(fleet.member(0).shard.lastCloseCode()).hasValue(1006);
		}
	}

}
