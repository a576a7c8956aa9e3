package dev.shard.gateway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import com.github.luben.zstd.Zstd;
import dev.shard.event.EventBinder;
import dev.shard.event.EventBindingException;
import dev.shard.event.EventTypes;
import dev.shard.gateway.Compression;
import dev.shard.gateway.internal.Envelope;
import dev.shard.gateway.internal.EnvelopeReader;
import dev.shard.gateway.internal.InboundDecodeException;
import dev.shard.gateway.internal.InboundDecoder;
import dev.shard.gateway.internal.ZstdSupport;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded, time-bounded fuzzing of the inbound path below the shard: the transport decoders (zlib-stream,
 * zstd-stream), the envelope reader and the model's event binder, fed the real payload corpus, mutations of it,
 * truncated and corrupt compressed streams, deep nesting and huge strings. Each may only answer with its documented
 * exception ({@link InboundDecodeException}, {@link IllegalArgumentException}, {@link EventBindingException}); the
 * decoders never produce or allocate past their cap.
 * <p>
 * {@code -Dshard.fuzz.seed=N} reproduces a run; {@code -Dshard.fuzz.millis=N} sets each target's budget.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DecoderFuzzTests {

	static final long SEED = Long.getLong("shard.fuzz.seed", 20261127L);

	static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("shard.fuzz.millis", 2500L));

	static final int CAP = 1024 * 1024;

	static List<byte[]> corpus;

	@BeforeAll
	static void loadCorpus() throws IOException {
		Path dir = corpusDir();
		List<byte[]> files = new ArrayList<>();
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				byte[] b = Files.readAllBytes(p);
				if (b.length <= 512 * 1024) {
					files.add(b);
				}
			}
		}
		assertThat(files).as("corpus files under " + dir).hasSizeGreaterThan(50);
		corpus = files;
	}

	/** {@code shared/corpus} found walking up from the working directory, else the module's test copy. */
	static Path corpusDir() {
		for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
			Path candidate = p.resolve("shared").resolve("corpus");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		Path local = Paths.get("src/test/resources/corpus");
		if (Files.isDirectory(local)) {
			return local;
		}
		return Paths.get("shard-autoconfigure/src/test/resources/corpus");
	}

	// ------------------------------------------------------------------------------------------------------------
	// envelope reader

	@Test
	void envelopeReaderAnswersOnlyWithAnEnvelopeOrIllegalArgument() {
		Random random = new Random(SEED);
		long runs = fuzz(() -> {
			byte[] frame = mutate(random, envelope(random), random);
			try {
				Envelope e = EnvelopeReader.read(frame);
				assertThat(e).isNotNull();
			}
			catch (IllegalArgumentException expected) {
				// documented
			}
		});
		assertThat(runs).isGreaterThan(1000);
	}

	@Test
	void envelopeReaderSurvivesDeepNestingAndHugeStrings() {
		assertReads(("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":7,\"d\":" + nested(100_000) + "}").getBytes(), 7);
		assertReads(("{\"d\":" + nested(100_000) + ",\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":7}").getBytes(), 7);
		String huge = "x".repeat(30 * 1024 * 1024);
		assertReads(("{\"d\":{\"content\":\"" + huge + "\"},\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":8}").getBytes(), 8);
	}

	private static void assertReads(byte[] frame, long seq) {
		try {
			Envelope e = EnvelopeReader.read(frame);
			assertThat(e.op()).isZero();
			assertThat(e.sequence()).isEqualTo(seq);
		}
		catch (IllegalArgumentException refused) {
			// refusing (e.g. a nesting limit) is fine; anything else is not
		}
	}

	// ------------------------------------------------------------------------------------------------------------
	// transport decoders

	@Test
	void zlibStreamDecoderOnMutatedStreams() {
		fuzzDecoder(Compression.ZLIB_STREAM, new Random(SEED + 1));
	}

	@Test
	void zstdStreamDecoderOnMutatedStreams() {
		org.junit.jupiter.api.Assumptions.assumeTrue(ZstdSupport.isAvailable(), "zstd-jni not available");
		fuzzDecoder(Compression.ZSTD_STREAM, new Random(SEED + 2));
	}

	private void fuzzDecoder(Compression compression, Random random) {
		long[] decoded = new long[2];
		long runs = fuzz(() -> {
			// one "connection": a few good messages, then mutated, truncated or split ones
			try (InboundDecoder decoder = compression.decoder(CAP)) {
				Compressor c = new Compressor(compression);
				for (int i = 0; i < 1 + random.nextInt(6); i++) {
					byte[] plain = envelope(random);
					byte[] wire = c.compress(plain);
					int mode = random.nextInt(5);
					byte[] sent = switch (mode) {
						case 0 -> wire; // untouched: must decode to exactly plain
						case 1 -> flip(wire, random);
						case 2 -> Arrays.copyOf(wire, random.nextInt(wire.length + 1));
						case 3 -> withSyncMarker(Arrays.copyOf(wire, random.nextInt(wire.length + 1)));
						default -> randomBytes(random, random.nextInt(2048));
					};
					byte[] out;
					try {
						out = decoder.decode(Unpooled.wrappedBuffer(sent));
					}
					catch (InboundDecodeException refused) {
						break; // the shard drops the connection here: a new decoder for the next one
					}
					if (out != null) {
						decoded[1]++;
						assertThat(out.length).isLessThanOrEqualTo(CAP);
					}
					if (mode == 0 && i == 0) {
						assertThat(out).as("a clean first message decodes to itself").isEqualTo(plain);
						decoded[0]++;
					}
					if (mode != 0) {
						break; // the stream context is no longer the compressor's
					}
				}
			}
		});
		assertThat(runs).isGreaterThan(200);
		assertThat(decoded[0]).as("clean first messages decoded").isPositive();
	}

	@Test
	void zlibTruncatedStreamsNeverDecodeToSomethingElse() throws Exception {
		Random random = new Random(SEED + 3);
		fuzz(() -> {
			byte[] plain = envelope(random);
			byte[] wire = new Compressor(Compression.ZLIB_STREAM).compress(plain);
			int cut = 1 + random.nextInt(Math.max(1, wire.length - 5));
			if (endsWithMarker(Arrays.copyOf(wire, cut))) {
				return; // a complete flush point: not a truncation
			}
			try (InboundDecoder decoder = Compression.ZLIB_STREAM.decoder(CAP)) {
				// first a part, then the rest: must equal plain; never a partial message
				byte[] first = decoder.decode(Unpooled.wrappedBuffer(Arrays.copyOf(wire, cut)));
				if (first != null) {
					fail("a message without its sync-flush suffix decoded to %d bytes", first.length);
				}
				byte[] rest = decoder.decode(Unpooled.wrappedBuffer(Arrays.copyOfRange(wire, cut, wire.length)));
				assertThat(rest).isEqualTo(plain);
			}
		});
	}

	@Test
	void decompressionBombsAreRefusedWithoutAllocatingPastTheCap() {
		byte[] bomb = new byte[64 * 1024 * 1024];
		Arrays.fill(bomb, (byte) ' ');
		bomb[0] = '{';
		for (Compression compression : new Compression[] { Compression.ZLIB_STREAM, Compression.ZSTD_STREAM }) {
			if (compression == Compression.ZSTD_STREAM && !ZstdSupport.isAvailable()) {
				continue;
			}
			byte[] wire = new Compressor(compression).compress(bomb);
			assertThat(wire.length).isLessThan(CAP);
			try (InboundDecoder decoder = compression.decoder(CAP)) {
				long before = allocatedBytes();
				assertThatExceptionOfType(InboundDecodeException.class)
					.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(wire)))
					.withMessageContaining("cap");
				long allocated = allocatedBytes() - before;
				// the output buffer grows to cap + 1 at most (plus copies on the way): far below the 64 MiB bomb
				assertThat(allocated).as("bytes allocated refusing a %s bomb", compression).isLessThan(8L * CAP);
			}
		}
	}

	@Test
	void oversizedCompressedInputIsRefusedBeforeBuffering() {
		for (Compression compression : new Compression[] { Compression.ZLIB_STREAM, Compression.ZSTD_STREAM }) {
			if (compression == Compression.ZSTD_STREAM && !ZstdSupport.isAvailable()) {
				continue;
			}
			try (InboundDecoder decoder = compression.decoder(4096)) {
				assertThatExceptionOfType(InboundDecodeException.class)
					.isThrownBy(() -> decoder.decode(Unpooled.wrappedBuffer(new byte[4097])));
			}
		}
		assertThatExceptionOfType(InboundDecodeException.class)
			.isThrownBy(() -> InboundDecoder.copy(Unpooled.wrappedBuffer(new byte[4097]), 4096));
	}

	// ------------------------------------------------------------------------------------------------------------
	// event binder

	@Test
	void eventBinderAnswersOnlyWithAnEventOrEventBindingException() {
		Random random = new Random(SEED + 4);
		EventBinder binder = EventBinder.shared();
		List<String> types = new ArrayList<>(EventTypes.names());
		types.sort(null);
		long[] bound = new long[1];
		long runs = fuzz(() -> {
			String type = types.get(random.nextInt(types.size()));
			byte[] d = corpus.get(random.nextInt(corpus.size()));
			if (random.nextInt(3) == 0) {
				d = mutate(random, d, random);
			}
			byte[] frame = concat(("{\"op\":0,\"t\":\"" + type + "\",\"s\":1,\"d\":").getBytes(StandardCharsets.UTF_8), d,
					"}".getBytes(StandardCharsets.UTF_8));
			try {
				assertThat(binder.bind(0, 1, type, frame)).isNotNull();
				bound[0]++;
			}
			catch (EventBindingException expected) {
				assertThat(expected.getMessage()).isNotNull();
			}
		});
		assertThat(runs).isGreaterThan(500);
		assertThat(bound[0]).as("frames that did bind").isPositive();
	}

	@Test
	void eventBinderSurvivesDeepNestingAndHugeStrings() {
		EventBinder binder = EventBinder.shared();
		for (String type : List.of("MESSAGE_CREATE", "GUILD_CREATE", "READY", "INTERACTION_CREATE")) {
			byte[] deep = ("{\"op\":0,\"t\":\"" + type + "\",\"s\":1,\"d\":{\"id\":\"1\",\"x\":" + nested(100_000) + "}}")
				.getBytes(StandardCharsets.UTF_8);
			bindOrRefuse(binder, type, deep);
			byte[] deepField = ("{\"op\":0,\"t\":\"" + type + "\",\"s\":1,\"d\":{\"id\":\"1\",\"content\":"
					+ nested(100_000) + "}}")
				.getBytes(StandardCharsets.UTF_8);
			bindOrRefuse(binder, type, deepField);
		}
		String huge = "y".repeat(30 * 1024 * 1024);
		bindOrRefuse(binder, "MESSAGE_CREATE",
				("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":1,\"d\":{\"id\":\"1\",\"channel_id\":\"2\",\"content\":\""
						+ huge + "\"}}")
					.getBytes(StandardCharsets.UTF_8));
	}

	private static void bindOrRefuse(EventBinder binder, String type, byte[] frame) {
		try {
			binder.bind(0, 1, type, frame);
		}
		catch (EventBindingException expected) {
			// refused: fine
		}
	}

	// ------------------------------------------------------------------------------------------------------------
	// helpers

	/** Runs {@code body} until the time budget is spent; returns how many times it ran. */
	static long fuzz(Runnable body) {
		long end = System.nanoTime() + BUDGET_NANOS;
		long n = 0;
		while (System.nanoTime() < end) {
			body.run();
			n++;
		}
		return n;
	}

	/** A gateway message around a corpus payload, fields in a random order. */
	static byte[] envelope(Random random) {
		byte[] d = corpus.get(random.nextInt(corpus.size()));
		String t = List.of("MESSAGE_CREATE", "GUILD_CREATE", "READY", "X_UNKNOWN").get(random.nextInt(4));
		int op = List.of(0, 0, 0, 1, 7, 9, 10, 11, 99).get(random.nextInt(9));
		return (random.nextBoolean())
				? concat(("{\"op\":" + op + ",\"t\":\"" + t + "\",\"s\":" + random.nextInt(1 << 20) + ",\"d\":")
					.getBytes(StandardCharsets.UTF_8), d, "}".getBytes(StandardCharsets.UTF_8))
				: concat("{\"d\":".getBytes(StandardCharsets.UTF_8), d,
						(",\"s\":null,\"op\":" + op + ",\"t\":\"" + t + "\"}").getBytes(StandardCharsets.UTF_8));
	}

	static byte[] mutate(Random r, byte[] in, Random random) {
		byte[] b = in.clone();
		int kind = r.nextInt(7);
		switch (kind) {
			case 0 -> {
				return flip(b, r);
			}
			case 1 -> {
				return Arrays.copyOf(b, r.nextInt(b.length + 1));
			}
			case 2 -> {
				int at = r.nextInt(b.length + 1);
				return concat(Arrays.copyOf(b, at), randomBytes(r, 1 + r.nextInt(16)), Arrays.copyOfRange(b, at, b.length));
			}
			case 3 -> {
				if (b.length < 2) {
					return b;
				}
				int from = r.nextInt(b.length - 1);
				int to = from + 1 + r.nextInt(b.length - from - 1);
				return concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, to, b.length));
			}
			case 4 -> {
				byte[] tokens = "{}[]\":,\\0-eE.tfn ".getBytes(StandardCharsets.US_ASCII);
				for (int i = 0; i < 1 + r.nextInt(8) && b.length > 0; i++) {
					b[r.nextInt(b.length)] = tokens[r.nextInt(tokens.length)];
				}
				return b;
			}
			case 5 -> {
				// a big number where a small one was
				String s = new String(b, StandardCharsets.ISO_8859_1).replaceFirst("\"s\":\\d+",
						"\"s\":" + "9".repeat(1 + random.nextInt(40)));
				return s.getBytes(StandardCharsets.ISO_8859_1);
			}
			default -> {
				return randomBytes(r, r.nextInt(512));
			}
		}
	}

	static byte[] flip(byte[] in, Random r) {
		byte[] b = in.clone();
		if (b.length == 0) {
			return b;
		}
		for (int i = 0; i < 1 + r.nextInt(4); i++) {
			b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
		}
		return b;
	}

	static boolean endsWithMarker(byte[] b) {
		int n = b.length;
		return n >= 4 && b[n - 4] == 0 && b[n - 3] == 0 && b[n - 2] == (byte) 0xff && b[n - 1] == (byte) 0xff;
	}

	static byte[] withSyncMarker(byte[] b) {
		return concat(b, new byte[] { 0, 0, (byte) 0xff, (byte) 0xff });
	}

	static byte[] randomBytes(Random r, int n) {
		byte[] b = new byte[n];
		r.nextBytes(b);
		return b;
	}

	static byte[] concat(byte[]... parts) {
		int n = 0;
		for (byte[] p : parts) {
			n += p.length;
		}
		byte[] out = new byte[n];
		int at = 0;
		for (byte[] p : parts) {
			System.arraycopy(p, 0, out, at, p.length);
			at += p.length;
		}
		return out;
	}

	static String nested(int depth) {
		return "[".repeat(depth) + "]".repeat(depth);
	}

	static long allocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
			.getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	/** The gateway's side of a compressed connection: one stream context, flushed per message. */
	static final class Compressor {

		private final Compression compression;

		private final Deflater deflater = new Deflater();

		Compressor(Compression compression) {
			this.compression = compression;
		}

		byte[] compress(byte[] plain) {
			if (this.compression == Compression.ZSTD_STREAM) {
				return Zstd.compress(plain);
			}
			this.deflater.setInput(plain);
			// room for it all in one call: a second SYNC_FLUSH call would put an extra 00 00 ff ff mid-message
			byte[] buf = new byte[plain.length + plain.length / 8 + 1024];
			int n = 0;
			while (true) {
				if (n == buf.length) {
					buf = Arrays.copyOf(buf, buf.length * 2);
				}
				int w = this.deflater.deflate(buf, n, buf.length - n, Deflater.SYNC_FLUSH);
				n += w;
				if (n < buf.length) {
					break;
				}
			}
			return Arrays.copyOf(buf, n);
		}

	}

}
