package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.shard.gateway.ShardTestSupport.Running;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.shard.gateway.ShardTestSupport.NO_WAIT;
import static dev.shard.gateway.ShardTestSupport.config;
import static dev.shard.gateway.ShardTestSupport.simulator;
import static dev.shard.gateway.ShardTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 10,000 dispatches with a forced reconnect in the middle: every one delivered exactly once, in order. */
class ShardFloodTests {

	@ParameterizedTest
	@EnumSource(value = Compression.class, names = { "NONE", "ZLIB_STREAM" })
	void floodWithDropInTheMiddleIsDeliveredExactlyOnceInOrder(Compression compression) throws Exception {
		int count = 10_000;
		try (GatewaySimulator sim = simulator().build().start();
				Running r = start(new Shard(0, 1, config(sim, compression).eventBufferSize(256).build(), NO_WAIT))) {
			await().atMost(Duration.ofSeconds(5)).until(() -> r.sink.count("GUILD_CREATE") == 3);
			CompletableFuture<Long> flood = sim.dispatch("MESSAGE_CREATE", count, 0, 4000.0);
			await().atMost(Duration.ofSeconds(20)).until(() -> r.sink.count("MESSAGE_CREATE") >= count / 3);
			sim.drop(0);
			flood.get(30, TimeUnit.SECONDS);
			// Everything the simulator sent is through once its last sequence was delivered: delivery is in order
			// and a replayed duplicate comes before it, so no fixed wait is needed for duplicates to show up.
			// (RESUMED is numbered too: once the shard has seen it, the simulator's last sequence is final)
			await().atMost(Duration.ofSeconds(30)).until(() -> !r.events(ShardLifecycleEvent.Resumed.class).isEmpty());
			long last = sim.lastSequence(0);
			await().atMost(Duration.ofSeconds(30)).until(() -> !r.sink.dispatches.isEmpty()
					&& r.sink.dispatches.get(r.sink.dispatches.size() - 1).sequence() == last);
			assertThat(r.sink.count("MESSAGE_CREATE")).isEqualTo(count);

			assertThat(r.events(ShardLifecycleEvent.Resumed.class)).isNotEmpty();
			assertThat(sim.log().identifies()).hasSize(1);
			// the simulator numbers RESUMED too, so the whole session is 1..last without gaps or repeats
			List<Long> seqs = r.sink.dispatches.stream().map(GatewayDispatch::sequence).toList();
			List<Long> expected = new ArrayList<>();
			for (long s = 1; s <= sim.lastSequence(0); s++) {
				expected.add(s);
			}
			assertThat(seqs).hasSize(expected.size());
			assertThat(seqs).isEqualTo(expected);
		}
	}

}
