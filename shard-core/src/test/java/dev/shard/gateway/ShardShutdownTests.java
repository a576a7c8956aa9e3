package dev.shard.gateway;

import java.time.Duration;

import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.connection;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** shutdown(FINAL) ends the session with 1000; shutdown(RESUMABLE) keeps it, and a new shard resumes it. */
class ShardShutdownTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void finalShutdownClosesWith1000AndEndsTheSession() {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
			SessionInfo saved = r.shard.session().get();
			r.shard.shutdown(ShutdownMode.FINAL).block(WAIT);
			await().atMost(WAIT).until(r::terminated);
			assertThat(r.completed).isTrue();
			assertThat(r.shard.state()).isEqualTo(ShardState.SHUT_DOWN);
			assertThat(r.shard.session()).isEmpty();
			await().atMost(WAIT).until(() -> connection(sim, 0).close() != null);
			assertThat(connection(sim, 0).close().code()).isEqualTo(1000);
			assertThat(connection(sim, 0).close().by()).isEqualTo("client");
			assertThat(r.events(ShardLifecycleEvent.ShutDown.class)).singleElement()
				.satisfies((e) -> assertThat(e.mode()).isEqualTo(ShutdownMode.FINAL));

			// the session is gone on the gateway side: resuming it is refused and the shard identifies instead
			try (Running again = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT)
				.resumeFrom(saved))) {
				await().atMost(WAIT).until(() -> !again.events(ShardLifecycleEvent.Ready.class).isEmpty());
				assertThat(sim.log().resumes()).singleElement()
					.satisfies((res) -> assertThat(res.outcome()).isEqualTo("INVALID_SESSION"));
			}
		}
	}

	@Test
	void resumableShutdownKeepsTheSessionForANewShardToResume() throws Exception {
		try (GatewaySimulator sim = simulator().build().start()) {
			SessionInfo saved;
			try (Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
				await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
				r.shard.shutdown(ShutdownMode.RESUMABLE).block(WAIT);
				await().atMost(WAIT).until(r::terminated);
				assertThat(r.shard.state()).isEqualTo(ShardState.SHUT_DOWN);
				assertThat(r.shard.session()).isPresent();
				saved = r.shard.session().get();
				assertThat(saved.sequence()).isEqualTo(sim.lastSequence(0));
				await().atMost(WAIT).until(() -> connection(sim, 0).close() != null);
				assertThat(connection(sim, 0).close().code()).isNotIn(1000, 1001).isBetween(4000, 4999);
				assertThat(connection(sim, 0).close().by()).isEqualTo("client");
			}
			// events that happen while nobody is connected are replayed to the resuming shard
			sim.dispatch("MESSAGE_CREATE", 7, 0, null).get(5, java.util.concurrent.TimeUnit.SECONDS);
			try (Running again = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT)
				.resumeFrom(saved))) {
				await().atMost(WAIT).until(() -> !again.events(ShardLifecycleEvent.Resumed.class).isEmpty());
				await().atMost(WAIT).until(() -> again.sink.count("MESSAGE_CREATE") == 7);
				assertThat(sim.log().identifies()).hasSize(1);
				assertThat(connection(sim, 1).resumeUrl()).isTrue();
				assertThat(connection(sim, 1).resume().outcome()).isEqualTo("RESUMED");
				assertThat(again.events(ShardLifecycleEvent.Resumed.class).get(0).replayed()).isEqualTo(7);
			}
		}
	}

	@Test
	void shutdownBeforeRunCompletesImmediately() {
		Shard shard = new Shard(0, 1, ShardConfig.builder("t").build());
		shard.shutdown().block(Duration.ofSeconds(2));
		assertThat(shard.state()).isEqualTo(ShardState.SHUT_DOWN);
	}

}
