package dev.shard.gateway;

import java.time.Duration;
import java.util.stream.Stream;

import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.connection;
import static dev.shard.gateway.ShardTestSupport.connections;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every close code 4000-4014 (plus an unknown 4xxx and a server 1000), on plain and zlib-stream: resume, new
 * session or fatal, with the expected table written out here rather than read from {@link CloseCode}.
 */
class ShardCloseCodeTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	enum Expect {

		RESUME, NEW_SESSION, FATAL

	}

	static Stream<Arguments> codes() {
		Object[][] table = { { 4000, Expect.RESUME, null }, { 4001, Expect.RESUME, null },
				{ 4002, Expect.RESUME, null }, { 4003, Expect.NEW_SESSION, null },
				{ 4004, Expect.FATAL, AuthenticationFailedException.class }, { 4005, Expect.NEW_SESSION, null },
				{ 4006, Expect.NEW_SESSION, null }, { 4007, Expect.NEW_SESSION, null }, { 4008, Expect.RESUME, null },
				{ 4009, Expect.NEW_SESSION, null }, { 4010, Expect.FATAL, InvalidShardException.class },
				{ 4011, Expect.FATAL, ShardingRequiredException.class },
				{ 4012, Expect.FATAL, InvalidApiVersionException.class },
				{ 4013, Expect.FATAL, InvalidIntentsException.class },
				{ 4014, Expect.FATAL, DisallowedIntentsException.class }, { 4999, Expect.RESUME, null },
				{ 1000, Expect.RESUME, null } };
		return Stream.of(Compression.NONE, Compression.ZLIB_STREAM)
			.flatMap((c) -> Stream.of(table).map((row) -> Arguments.of(c, row[0], row[1], row[2])));
	}

	@ParameterizedTest(name = "{0} close {1} -> {2}")
	@MethodSource("codes")
	void closeCodeIsClassified(Compression compression, int code, Expect expect, Class<?> exception) {
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).build(), NO_WAIT))) {
			await().atMost(WAIT).until(() -> r.shard.state() == ShardState.CONNECTED);
			String session = r.shard.session().get().sessionId();
			sim.close(0, code);
			switch (expect) {
				case RESUME -> {
					await().atMost(WAIT).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
					assertThat(connection(sim, 1).resumeUrl()).isTrue();
					assertThat(connection(sim, 1).resume().sessionId()).isEqualTo(session);
					assertThat(sim.log().identifies()).hasSize(1);
				}
				case NEW_SESSION -> {
					await().atMost(WAIT).until(() -> r.events(ShardLifecycleEvent.Ready.class).size() == 2);
					assertThat(connection(sim, 1).resumeUrl()).isFalse();
					assertThat(connection(sim, 1).identify()).isNotNull();
					assertThat(sim.log().resumes()).isEmpty();
					assertThat(r.shard.session().get().sessionId()).isNotEqualTo(session);
				}
				case FATAL -> {
					await().atMost(WAIT).until(r::terminated);
					assertThat(r.error.get()).isExactlyInstanceOf(exception);
					assertThat(((FatalCloseException) r.error.get()).closeCode()).isEqualTo(code);
					assertThat(r.shard.state()).isEqualTo(ShardState.FATALLY_CLOSED);
					assertThat(r.shard.failure()).containsSame((GatewayException) r.error.get());
					assertThat(r.events(ShardLifecycleEvent.FatallyClosed.class)).hasSize(1);
					// never a reconnect: the simulator sees no second connection
					await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
						.until(() -> connections(sim).size() == 1);
					assertThat(r.events(ShardLifecycleEvent.Reconnecting.class)).isEmpty();
				}
			}
			assertThat(r.shard.lastCloseCode()).isPresent();
		}
	}

}
