/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fast dispatch path: pre-encoded frames pushed over loopback to a client that only counts them.
 */
class ThroughputTests {

	@Test
	void pushesSmallDispatchesFastAndInOrder() {
		int count = 300_000;
		try (GatewaySimulator sim = GatewaySimulator.builder().guilds(1).heartbeatDeadline(false).build().start()) {
			AtomicLong frames = new AtomicLong();
			AtomicLong lastSeq = new AtomicLong();
			AtomicLong outOfOrder = new AtomicLong();
			AtomicReference<String> first = new AtomicReference<>();
			Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
			var connection = HttpClient.create()
				.websocket()
				.uri(sim.gatewayUrl() + "?v=10&encoding=json")
				.handle((in, o) -> Mono.when(o.sendString(out.asFlux()), in.receiveFrames().doOnNext((f) -> {
					ByteBuf b = f.content();
					String head = b.toString(b.readerIndex(), Math.min(b.readableBytes(), 48), StandardCharsets.UTF_8);
					first.compareAndSet(null, head);
					frames.incrementAndGet();
					int s = head.indexOf("\"s\":");
					if (head.startsWith("{\"t\":") && s > 0) {
						int end = s + 4;
						while (end < head.length() && Character.isDigit(head.charAt(end))) {
							end++;
						}
						if (end == s + 4) {
							return;
						}
						long seq = Long.parseLong(head.substring(s + 4, end));
						if (seq != lastSeq.get() + 1) {
							outOfOrder.incrementAndGet();
						}
						lastSeq.set(seq);
					}
				}).then()))
				.subscribe();
			await().until(() -> frames.get() == 1);
			out.tryEmitNext("{\"op\":2,\"d\":{\"token\":\"test-token\",\"properties\":{},\"intents\":513}}");
			await().untilAsserted(() -> assertThat(lastSeq.get()).as("frames %s first %s", frames.get(), first.get()).isEqualTo(2));
			long start = System.nanoTime();
			sim.dispatch("MESSAGE_DELETE", count, 0, null);
			// a hang guard, not a speed test (the machine is shared): the rate is printed, and the README and
			// BENCHMARKS.md report measured figures
			await().atMost(Duration.ofSeconds(60)).until(() -> lastSeq.get() == count + 2);
			double seconds = (System.nanoTime() - start) / 1e9;
			double rate = count / seconds;
			System.out.printf("Simulator fast path: %d dispatches in %.3f s = %.0f/s%n", count, seconds, rate);
			assertThat(outOfOrder.get()).isZero();
			connection.dispose();
		}
	}

}
