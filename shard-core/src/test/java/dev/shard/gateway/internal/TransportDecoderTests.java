package dev.shard.gateway.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import com.github.luben.zstd.ZstdOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The zlib-stream and zstd-stream decoders, fed what the gateway's compressors produce. */
class TransportDecoderTests {

	private static final int MAX = 1024 * 1024;

	/** One deflater for the whole "connection", SYNC_FLUSH after each message, like Discord. */
	private static final class ZlibServer {

		private final Deflater deflater;

		ZlibServer() {
			this(Deflater.DEFAULT_COMPRESSION);
		}

		ZlibServer(int level) {
			this.deflater = new Deflater(level);
		}

		byte[] message(String json) {
			this.deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buf = new byte[8192];
			int n;
			do {
				n = this.deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
				out.write(buf, 0, n);
			}
			while (n == buf.length);
			return out.toByteArray();
		}

	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	@Test
	void zlibStreamInflatesConsecutiveMessagesWithOneContext() {
		ZlibServer server = new ZlibServer();
		try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
			for (int i = 0; i < 50; i++) {
				String json = "{\"t\":\"MESSAGE_CREATE\",\"s\":" + i + ",\"op\":0,\"d\":{\"content\":\"hello " + i
						+ "\"}}";
				assertThat(text(decoder.decode(Unpooled.wrappedBuffer(server.message(json))))).isEqualTo(json);
			}
		}
	}

	@Test
	void zlibStreamBuffersAMessageSplitOverSeveralWebSocketMessages() {
		ZlibServer server = new ZlibServer();
		String big = "{\"op\":0,\"d\":\"" + "abcdefghij".repeat(20_000) + "\"}";
		byte[] wire = server.message(big);
		try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
			int third = wire.length / 3;
			assertThat(decoder.decode(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, 0, third)))).isNull();
			assertThat(decoder.decode(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, third, 2 * third)))).isNull();
			byte[] out = decoder.decode(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, 2 * third, wire.length)));
			assertThat(text(out)).isEqualTo(big);
			// and the context carries on to the next message
			assertThat(text(decoder.decode(Unpooled.wrappedBuffer(server.message("{\"op\":11}"))))).isEqualTo("{\"op\":11}");
		}
	}

	/** Whole messages come straight from Netty's buffer (heap, direct, composite); decoders share a scratch. */
	@Test
	void zlibStreamDecodersOnOneThreadStayIndependentWhateverTheBufferKind() {
		ZlibServer a = new ZlibServer();
		ZlibServer b = new ZlibServer();
		try (InboundDecoder first = InboundDecoder.zlibStream(MAX);
				InboundDecoder second = InboundDecoder.zlibStream(MAX)) {
			for (int i = 0; i < 30; i++) {
				String big = "{\"op\":0,\"s\":" + i + ",\"d\":\"" + "a-".repeat(i * 5_000) + "\"}";
				String small = "{\"op\":11,\"s\":" + i + "}";
				byte[] wireA = a.message(big);
				byte[] wireB = b.message(small);
				ByteBuf bufA = switch (i % 3) {
					case 0 -> Unpooled.wrappedBuffer(wireA);
					case 1 -> Unpooled.directBuffer(wireA.length).writeBytes(wireA);
					default -> Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(Arrays.copyOfRange(wireA, 0, 3)),
							Unpooled.wrappedBuffer(Arrays.copyOfRange(wireA, 3, wireA.length)));
				};
				// a reader index that is not 0
				ByteBuf bufB = Unpooled.buffer(wireB.length + 7).writeZero(7).writeBytes(wireB).skipBytes(7);
				assertThat(text(first.decode(bufA))).isEqualTo(big);
				assertThat(text(second.decode(bufB))).isEqualTo(small);
				bufA.release();
			}
		}
	}

	@Test
	void zlibStreamRefusesABombWithoutInflatingItAll() {
		ZlibServer server = new ZlibServer();
		String bomb = "{\"op\":11,\"d\":null" + " ".repeat(64 * 1024 * 1024) + "}";
		byte[] wire = server.message(bomb);
		assertThat(wire.length).isLessThan(MAX);
		try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
			assertThatExceptionOfType(InboundDecodeException.class)
				.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(wire)))
				.withMessageContaining("cap");
		}
	}

	@Test
	void zlibStreamAcceptsAMessageOfExactlyTheCap() {
		ZlibServer server = new ZlibServer();
		String json = "{\"op\":0,\"d\":\"" + "x".repeat(MAX - 15) + "\"}";
		assertThat(json.length()).isEqualTo(MAX);
		try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
			assertThat(decoder.decode(Unpooled.wrappedBuffer(server.message(json)))).hasSize(MAX);
		}
	}

	@Test
	void zlibStreamChecksTheHeaderOnceAndInflatesEveryLevelAndWindow() {
		// each level and window size a server may pick: the header differs, the stream after it is raw deflate
		for (int level : new int[] { Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION, Deflater.BEST_COMPRESSION }) {
			ZlibServer server = new ZlibServer(level);
			try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
				for (int i = 0; i < 20; i++) {
					String json = "{\"op\":0,\"s\":" + i + ",\"d\":{\"content\":\"" + "x".repeat(i * 50) + "\"}}";
					assertThat(text(decoder.decode(Unpooled.wrappedBuffer(server.message(json))))).isEqualTo(json);
				}
			}
		}
	}

	@Test
	void zlibStreamRefusesAHeaderThatIsNotZlibOrNeedsADictionary() {
		byte[] first = new ZlibServer().message("{\"op\":10}");
		byte[] gzip = first.clone();
		gzip[0] = 0x1f;
		gzip[1] = (byte) 0x8b;
		// FDICT set, check bits fixed so that only the dictionary flag is wrong
		byte[] dictionary = first.clone();
		dictionary[1] = (byte) 0xBB;
		assertThat(((0x78 << 8) | 0xBB) % 31).isZero();
		for (byte[] wire : List.of(gzip, dictionary)) {
			try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
				assertThatExceptionOfType(InboundDecodeException.class)
					.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(wire)))
					.withMessageContaining("not a zlib header");
			}
		}
	}

	@Test
	void zlibStreamRejectsGarbage() {
		byte[] garbage = { 1, 2, 3, 4, 5, 0, 0, (byte) 0xFF, (byte) 0xFF };
		try (InboundDecoder decoder = InboundDecoder.zlibStream(MAX)) {
			assertThatExceptionOfType(InboundDecodeException.class)
				.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(garbage)));
		}
	}

	@Test
	void zstdStreamDecodesFlushedMessagesWithOneContext() throws Exception {
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		try (ZstdOutputStream zstd = new ZstdOutputStream(sink);
				InboundDecoder decoder = InboundDecoder.zstdStream(MAX)) {
			for (int i = 0; i < 20; i++) {
				String json = "{\"t\":\"X\",\"s\":" + i + ",\"op\":0,\"d\":\"" + "payload ".repeat(i * 500) + "\"}";
				zstd.write(json.getBytes(StandardCharsets.UTF_8));
				zstd.flush();
				byte[] wire = sink.toByteArray();
				sink.reset();
				assertThat(text(decoder.decode(Unpooled.wrappedBuffer(wire)))).isEqualTo(json);
			}
		}
	}

	@Test
	void zstdStreamRefusesABomb() throws Exception {
		ByteArrayOutputStream sink = new ByteArrayOutputStream();
		try (ZstdOutputStream zstd = new ZstdOutputStream(sink);
				InboundDecoder decoder = InboundDecoder.zstdStream(MAX)) {
			zstd.write(("{\"op\":11" + " ".repeat(32 * 1024 * 1024) + "}").getBytes(StandardCharsets.UTF_8));
			zstd.flush();
			byte[] wire = sink.toByteArray();
			assertThatExceptionOfType(InboundDecodeException.class)
				.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(wire)))
				.withMessageContaining("cap");
		}
	}

	@Test
	void plainRefusesOversizedMessages() {
		try (InboundDecoder decoder = InboundDecoder.plain(4096)) {
			assertThat(decoder.decode(Unpooled.wrappedBuffer("{\"op\":11}".getBytes()))).hasSize(9);
			assertThatExceptionOfType(InboundDecodeException.class)
				.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(new byte[5000])));
		}
	}

}
