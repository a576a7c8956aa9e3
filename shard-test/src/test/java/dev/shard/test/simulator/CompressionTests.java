/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transport compression: one stream per connection, flushed per message, and the broken-frame controls.
 */
class CompressionTests {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (this.sim != null) {
			this.sim.close();
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { java.util.zip.Deflater.BEST_SPEED, java.util.zip.Deflater.DEFAULT_COMPRESSION, 4,
			java.util.zip.Deflater.BEST_COMPRESSION })
	void zlibStreamBytesAreAZlibDeflatersByteForByte(int level) {
		// the codec deflates raw behind its own header; what a client reads must not change
		OutboundCodec codec = OutboundCodec.create("zlib-stream", level);
		java.util.zip.Deflater reference = new java.util.zip.Deflater(level);
		try {
			for (int i = 0; i < 30; i++) {
				byte[] message = ("{\"op\":0,\"s\":" + i + ",\"d\":{\"content\":\"" + "ab".repeat(i * 40) + "\"}}")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8);
				reference.setInput(message);
				byte[] buffer = new byte[65536];
				int n = reference.deflate(buffer, 0, buffer.length, java.util.zip.Deflater.SYNC_FLUSH);
				assertThat(codec.compress(message, message.length)).isEqualTo(java.util.Arrays.copyOf(buffer, n));
			}
		}
		finally {
			reference.end();
			codec.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "zlib-stream", "zstd-stream" })
	void compressedStreamCarriesEveryMessage(String compress) {
		this.sim = GatewaySimulator.builder().identifyWindow(Duration.ZERO).guilds(3).build().start();
		try (BareClient client = BareClient.connect(this.sim, "v=10&encoding=json&compress=" + compress)) {
			client.awaitOp(10);
			client.identify(this.sim);
			client.awaitDispatch("READY");
			this.sim.dispatch("MESSAGE_CREATE", 200, null, null).join();
			await().until(() -> client.dispatches().size() == 204);
			assertThat(client.decodeErrors).isEmpty();
			assertThat(client.binaryFrames).isEqualTo(client.received.size());
			assertThat(client.dispatches()).extracting((n) -> n.path("s").asLong())
				.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 204).boxed().toList());
		}
		assertThat(this.sim.log().connections().get(0).compress()).isEqualTo(compress);
	}

	@Test
	void fragmentedCompressedDispatchIsOneMessage() {
		this.sim = GatewaySimulator.builder().identifyWindow(Duration.ZERO).guilds(1).build().start();
		try (BareClient client = BareClient.connect(this.sim, "v=10&encoding=json&compress=zlib-stream")) {
			client.awaitOp(10);
			client.identify(this.sim);
			client.awaitDispatch("GUILD_CREATE");
			this.sim.dispatchFragmented("MESSAGE_CREATE", 4, 0);
			this.sim.dispatch("TYPING_START", 1, 0, null).join();
			await().until(() -> client.dispatches().size() == 4);
			assertThat(client.dispatches()).extracting((n) -> n.path("t").asString())
				.containsExactly("READY", "GUILD_CREATE", "MESSAGE_CREATE", "TYPING_START");
			assertThat(client.dispatches()).extracting((n) -> n.path("s").asLong()).containsExactly(1L, 2L, 3L, 4L);
			assertThat(client.decodeErrors).isEmpty();
		}
	}

	@Test
	void truncatedCompressedFrameIsNotACompleteMessage() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = BareClient.connect(this.sim, "v=10&encoding=json&compress=zlib-stream")) {
			client.awaitOp(10);
			int before = client.binaryFrames;
			this.sim.sendTruncatedFrame(null);
			await().until(() -> client.binaryFrames == before + 1);
			// the half frame lacks the 00 00 ff ff suffix, so nothing new decodes
			assertThat(client.received).hasSize(1);
		}
	}

	@Test
	void decompressionBombInflatesToTheRequestedSize() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = BareClient.connect(this.sim, "v=10&encoding=json&compress=zlib-stream")) {
			client.awaitOp(10);
			this.sim.sendDecompressionBomb(null, 8 << 20);
			client.awaitOp(11);
			assertThat(client.decodeErrors).isEmpty();
		}
		assertThat(this.sim.log().connections().get(0).framesSent()).isEqualTo(2);
	}

}
