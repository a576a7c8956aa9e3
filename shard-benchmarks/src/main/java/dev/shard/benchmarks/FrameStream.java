package dev.shard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A realistic stream of one event type: {@code count} distinct envelopes made from a template (ids, content,
 * timestamps and nonces varied with a fixed seed, so that zlib sees what a busy bot sees rather than one message
 * repeated), and the same stream encoded as Discord's {@code zlib-stream} (one zlib context, a
 * {@code Z_SYNC_FLUSH} after each message, so each chunk ends with {@code 00 00 ff ff}).
 */
public final class FrameStream {

	/** Building a stream costs up to a second (the 2.8 MB guild); JMH trials in one JVM share them. */
	private static final Map<String, FrameStream> CACHE = new ConcurrentHashMap<>();

	private final Corpus.Template template;

	private final byte[][] plain;

	private final byte[][] compressed;

	private FrameStream(Corpus.Template template, byte[][] plain) {
		this.template = template;
		this.plain = plain;
		this.compressed = zlibStream(plain);
	}

	/**
	 * A stream of {@code count} variants of the event's template.
	 * @param event the event
	 * @param count how many distinct envelopes (1 for GUILD_CREATE is typical: it is one big frame)
	 * @return the stream
	 */
	public static FrameStream of(Corpus.Event event, int count) {
		return CACHE.computeIfAbsent(event + "x" + count, (key) -> create(event, count));
	}

	private static FrameStream create(Corpus.Event event, int count) {
		Corpus.Template template = Corpus.template(event);
		if (count == 1) {
			return new FrameStream(template, new byte[][] { template.json() });
		}
		Random random = new Random(7);
		JsonNode tree = template.tree();
		String[] authors = new String[50];
		for (int i = 0; i < authors.length; i++) {
			authors[i] = SyntheticFrames.snowflake(random);
		}
		String[] channels = new String[10];
		for (int i = 0; i < channels.length; i++) {
			channels[i] = SyntheticFrames.snowflake(random);
		}
		byte[][] frames = new byte[count][];
		long snowflake = 1_300_000_000_000_000_000L;
		Instant time = Instant.parse("2026-02-27T23:56:48.287Z");
		for (int i = 0; i < count; i++) {
			ObjectNode copy = (ObjectNode) tree.deepCopy();
			copy.put("s", i + 1);
			snowflake += 1 + random.nextInt(1 << 22) * 4096L;
			time = time.plusMillis(random.nextInt(400));
			vary((ObjectNode) copy.get("d"), random, Long.toString(snowflake), time.toString(), authors, channels);
			frames[i] = Corpus.envelope(copy.get("t").asString(), i + 1, copy.get("d"));
		}
		return new FrameStream(template, frames);
	}

	/** Vary what differs between two real messages; keep keys and value kinds. */
	private static void vary(ObjectNode d, Random random, String id, String timestamp, String[] authors,
			String[] channels) {
		if (d.has("id")) {
			d.put("id", id);
		}
		if (d.has("content")) {
			// Mean ~170 characters: the corpus-modelled mean envelope is ~1.4 KB.
			d.put("content", SyntheticFrames.sentence(random, 10 + random.nextInt(320)));
		}
		if (d.has("timestamp")) {
			d.put("timestamp", timestamp);
		}
		if (d.has("nonce")) {
			d.put("nonce", Long.toString(random.nextLong() & Long.MAX_VALUE));
		}
		if (d.has("channel_id")) {
			d.put("channel_id", channels[random.nextInt(channels.length)]);
		}
		if (d.has("status")) {
			d.put("status", random.nextInt(3) == 0 ? "idle" : "online");
		}
		for (String userKey : new String[] { "author", "user" }) {
			if (d.get(userKey) instanceof ObjectNode user) {
				int a = random.nextInt(authors.length);
				user.put("id", authors[a]);
				if (user.has("username")) {
					user.put("username", "user_" + a);
				}
				if (user.has("global_name")) {
					user.put("global_name", "User " + a);
				}
				if (user.has("avatar")) {
					user.put("avatar", SyntheticFrames.hex(new Random(a), 32));
				}
			}
		}
		if (d.get("game") instanceof ObjectNode game) {
			if (game.has("session_id")) {
				game.put("session_id", SyntheticFrames.hex(random, 32));
			}
			if (game.has("state")) {
				game.put("state", SyntheticFrames.sentence(random, 14));
			}
			if (game.has("details")) {
				game.put("details", SyntheticFrames.sentence(random, 8));
			}
		}
	}

	/**
	 * Encodes frames the way Discord's gateway does with {@code compress=zlib-stream}.
	 * @param frames the plain frames
	 * @return one chunk per frame; concatenated they form one zlib stream
	 */
	public static byte[][] zlibStream(byte[][] frames) {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
		byte[][] out = new byte[frames.length][];
		byte[] buffer = new byte[64 * 1024];
		try {
			for (int i = 0; i < frames.length; i++) {
				deflater.setInput(frames[i]);
				int length = 0;
				while (true) {
					length += deflater.deflate(buffer, length, buffer.length - length, Deflater.SYNC_FLUSH);
					if (length < buffer.length) {
						break;
					}
					buffer = Arrays.copyOf(buffer, buffer.length * 2);
				}
				out[i] = Arrays.copyOf(buffer, length);
			}
		}
		finally {
			deflater.end();
		}
		return out;
	}

	/**
	 * Inflates one chunk of a zlib stream with a reused {@link Inflater} into a reused, growing buffer. This is the
	 * floor implementation the benchmarks measure our decoder against.
	 */
	public static final class ReusedInflater {

		private final Inflater inflater = new Inflater();

		private byte[] buffer = new byte[64 * 1024];

		/** @return the buffer holding the output (valid up to the returned length of the last call) */
		public byte[] buffer() {
			return this.buffer;
		}

		/** Start a new stream (a new connection). */
		public void reset() {
			this.inflater.reset();
		}

		/**
		 * @param chunk one message's compressed bytes
		 * @return how many bytes of {@link #buffer()} hold the inflated message
		 */
		public int inflate(byte[] chunk) {
			this.inflater.setInput(chunk);
			int length = 0;
			try {
				while (true) {
					int n = this.inflater.inflate(this.buffer, length, this.buffer.length - length);
					length += n;
					if (length == this.buffer.length) {
						this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
					}
					else if (n == 0 && (this.inflater.needsInput() || this.inflater.finished())) {
						return length;
					}
				}
			}
			catch (DataFormatException ex) {
				throw new IllegalStateException("corrupt zlib stream", ex);
			}
		}

		public void end() {
			this.inflater.end();
		}

	}

	public Corpus.Template template() {
		return this.template;
	}

	public int size() {
		return this.plain.length;
	}

	public byte[] plain(int i) {
		return this.plain[i];
	}

	public byte[] compressed(int i) {
		return this.compressed[i];
	}

	public long plainBytes() {
		return Arrays.stream(this.plain).mapToLong(b -> b.length).sum();
	}

	public long compressedBytes() {
		return Arrays.stream(this.compressed).mapToLong(b -> b.length).sum();
	}

	@Override
	public String toString() {
		return this.template.event() + " x" + size() + " from " + this.template.source() + ": mean "
				+ plainBytes() / size() + " B JSON, " + compressedBytes() / size() + " B zlib-stream ("
				+ String.format("%.2f", (double) plainBytes() / compressedBytes()) + ":1); first: "
				+ new String(this.plain[0], 0, Math.min(120, this.plain[0].length), StandardCharsets.UTF_8);
	}

}
