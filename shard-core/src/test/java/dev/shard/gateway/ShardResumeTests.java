package dev.shard.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.connection;
import static dev.shard.gateway.ShardTestSupport.connections;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Zombies, op 7, op 9 and dropped connections: each leads to the right resume or identify. */
class ShardResumeTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void zombieConnectionIsClosedResumablyAndResumedAtTheResumeUrlWithTheLastSeq(Compression compression)
			throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			sim.dispatch("MESSAGE_CREATE", 20, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 20);
			long seq = sim.lastSequence(0);

			sim.zombie(true);
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Zombie.class).isEmpty());
			sim.zombie(false);
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());

			SimulatorLog.Connection first = connection(sim, 0);
			assertThat(first.close().by()).isEqualTo("client");
			assertThat(first.close().code()).isNotIn(1000, 1001).isBetween(4000, 4999);
			SimulatorLog.Connection second = connection(sim, 1);
			assertThat(second.resumeUrl()).isTrue();
			assertThat(second.identify()).isNull();
			assertThat(second.resume()).isNotNull();
			assertThat(second.resume().seq()).isEqualTo(seq);
			assertThat(second.resume().outcome()).isEqualTo("RESUMED");
			assertThat(sim.log().identifies()).hasSize(1);
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).first()
				.satisfies((e) -> assertThat(e.cause()).isEqualTo(ReconnectCause.ZOMBIE));
		}
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void reconnectOpcodeResumesAtTheResumeUrlAndKeepsDelivering(Compression compression) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			long seq = sim.lastSequence(0);
			sim.reconnect(0);
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			sim.dispatch("MESSAGE_CREATE", 10, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 10);

			assertThat(connection(sim, 0).close().by()).isEqualTo("client");
			assertThat(connection(sim, 0).close().code()).isBetween(4000, 4999);
			assertThat(connection(sim, 1).resumeUrl()).isTrue();
			assertThat(connection(sim, 1).resume().seq()).isEqualTo(seq);
			assertThat(sim.log().identifies()).hasSize(1);
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class).get(0).cause())
				.isEqualTo(ReconnectCause.RECONNECT_REQUESTED);
		}
	}

	@Test
	void reconnectOpcodeInPlaceOfHelloLeadsToIdentifyOnTheNextConnection() {
		try (GatewaySimulator sim = simulator().build().start()) {
			sim.reconnectBeforeHelloOnNextConnection();
			try (Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
				await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
				assertThat(connections(sim)).hasSizeGreaterThanOrEqualTo(2);
				assertThat(connection(sim, 0).identify()).isNull();
				assertThat(connection(sim, 0).heartbeats()).isEmpty();
				assertThat(sim.log().identifies()).hasSize(1);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void resumableInvalidSessionResumes(Compression compression) {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			String session = r.shard.session().get().sessionId();
			sim.invalidate(0, true);
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(r.events(ShardLifecycleEvent.InvalidSession.class)).singleElement()
				.satisfies((e) -> assertThat(e.resumable()).isTrue());
			assertThat(sim.log().identifies()).hasSize(1);
			assertThat(sim.log().resumes()).singleElement().satisfies((res) -> {
				assertThat(res.sessionId()).isEqualTo(session);
				assertThat(res.resumeUrl()).isTrue();
			});
			assertThat(r.shard.session().get().sessionId()).isEqualTo(session);
		}
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void nonResumableInvalidSessionWaitsThenIdentifiesAtTheDiscoveryUrl(Compression compression) {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1,
						config(sim, compression).invalidSessionDelay(Duration.ofMillis(200), Duration.ofMillis(300))
							.build(),
						NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			String session = r.shard.session().get().sessionId();
			sim.invalidate(0, false);
			await().atMost(WAIT).until(() -> r.events(ShardLifecycleEvent.Ready.class).size() == 2);
			assertThat(r.events(ShardLifecycleEvent.InvalidSession.class)).singleElement()
				.satisfies((e) -> assertThat(e.resumable()).isFalse());
			assertThat(sim.log().resumes()).isEmpty();
			assertThat(sim.log().identifies()).hasSize(2);
			SimulatorLog.Connection second = connection(sim, 1);
			assertThat(second.resumeUrl()).isFalse();
			assertThat(second.identify()).isNotNull();
			assertThat(r.shard.session().get().sessionId()).isNotEqualTo(session);
			// the configured wait (200-300 ms) separates the close from the new identify
			Duration waited = Duration.between(connection(sim, 0).close().time(), second.identify().time());
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(190));
			// the new session's sequence starts over and READY (s=1) was delivered again
			assertThat(r.sink.ofType("READY")).hasSize(2);
			assertThat(r.sink.ofType("READY").get(1).sequence()).isEqualTo(1);
		}
	}

	@Test
	void nonResumableInvalidSessionWaitsBetweenOneAndFiveSecondsByDefault() {
		ShardConfig defaults = ShardConfig.builder("x").build();
		assertThat(defaults.invalidSessionDelayMin()).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.invalidSessionDelayMax()).isEqualTo(Duration.ofSeconds(5));
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.NONE)
					.invalidSessionDelay(defaults.invalidSessionDelayMin(), defaults.invalidSessionDelayMax())
					.build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
			sim.invalidate(0, false);
			await().atMost(Duration.ofSeconds(20)).until(() -> sim.log().identifies().size() == 2);
			// At least the 1 s minimum, judged from the simulator's record (load only lengthens it). The 5 s maximum
			// is not a wall-clock assertion on a loaded machine: the bound below is only a hang guard (twice it).
			Duration waited = Duration.between(connection(sim, 0).close().time(), sim.log().identifies().get(1).time());
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(990)).isLessThan(Duration.ofSeconds(10));
		}
	}

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void droppedTcpConnectionResumes(Compression compression) throws Exception {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.sink.count("GUILD_CREATE") == 3);
			long seq = sim.lastSequence(0);
			sim.drop(0);
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(r.events(ShardLifecycleEvent.Reconnecting.class).get(0).cause())
				.isEqualTo(ReconnectCause.TRANSPORT);
			assertThat(connection(sim, 1).resume().seq()).isEqualTo(seq);
			assertThat(connection(sim, 1).resumeUrl()).isTrue();
			assertThat(sim.log().identifies()).hasSize(1);
			sim.dispatch("MESSAGE_CREATE", 5, 0, null).get(5, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> r.sink.count("MESSAGE_CREATE") == 5);
		}
	}

	@Test
	void requestedReconnectResumes() {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, Compression.ZLIB_STREAM).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
			r.shard.reconnect().block();
			await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			assertThat(connection(sim, 0).close().code()).isEqualTo(CloseCode.CLIENT_RESUMABLE.code());
			assertThat(r.shard.reconnectCount()).isEqualTo(1);
		}
	}

}
