package dev.shard.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the envelope of a gateway message without parsing {@code d}, and records where the value of {@code d}
 * starts so that binding it later does not scan the envelope again. Discord sends {@code t}, {@code s} and
 * {@code op} before {@code d}, so a bounded byte scan of the prefix usually suffices; any other shape (other key
 * order, escapes, whitespace we do not expect, unknown keys) falls back to Jackson's streaming parser, which skips
 * {@code d} without building it. See
 * <a href="https://discord.com/developers/docs/events/gateway-events#payload-structure">Gateway Payload
 * Structure</a>.
 */
public final class EnvelopeReader {

	/** The fast path gives up past this many bytes of prefix. */
	private static final int SCAN_LIMIT = 256;

	private static final JsonFactory FACTORY = new JsonFactory();

	/** Event names repeat endlessly; avoid a new String per dispatch. */
	private static final ConcurrentHashMap<AsciiKey, String> TYPES = new ConcurrentHashMap<>();

	private static final int MAX_CACHED_TYPES = 512;

	private EnvelopeReader() {
	}

	/**
	 * @param frame a whole UTF-8 JSON gateway message
	 * @return its envelope
	 * @throws IllegalArgumentException if it is not a JSON object with an integer {@code op}
	 */
	public static Envelope read(byte[] frame) {
		Envelope fast = scan(frame);
		return (fast != null) ? fast : parse(frame);
	}

	/** The fast path; {@code null} means "use the parser". Visible for tests. */
	static Envelope scan(byte[] b) {
		int limit = Math.min(b.length, SCAN_LIMIT);
		int i = skipWs(b, 0, limit);
		if (i >= limit || b[i] != '{') {
			return null;
		}
		i++;
		int op = Integer.MIN_VALUE;
		String type = null;
		long seq = Envelope.NO_SEQUENCE;
		while (true) {
			i = skipWs(b, i, limit);
			if (i >= limit || b[i] != '"') {
				return null;
			}
			int keyStart = ++i;
			while (i < limit && b[i] != '"' && b[i] != '\\') {
				i++;
			}
			if (i >= limit || b[i] != '"') {
				return null;
			}
			int keyLen = i - keyStart;
			i = skipWs(b, i + 1, limit);
			if (i >= limit || b[i] != ':') {
				return null;
			}
			i = skipWs(b, i + 1, limit);
			if (i >= limit) {
				return null;
			}
			char key = (keyLen == 1) ? (char) b[keyStart]
					: (keyLen == 2 && b[keyStart] == 'o' && b[keyStart + 1] == 'p') ? 'o' : '?';
			if (key == 'd') {
				// keys after d are not read: a dispatch (op 0) whose t or s follows d takes the parser
				if (op == Integer.MIN_VALUE || (op == 0 && (type == null || seq == Envelope.NO_SEQUENCE))) {
					return null;
				}
				return new Envelope(op, type, seq, i);
			}
			if (key == '?') {
				return null;
			}
			if (b[i] == 'n') {
				if (i + 4 > limit || b[i + 1] != 'u' || b[i + 2] != 'l' || b[i + 3] != 'l') {
					return null;
				}
				if (key == 'o') {
					return null;
				}
				if (key == 't') {
					type = null;
				}
				else if (key == 's') {
					seq = Envelope.NO_SEQUENCE;
				}
				else {
					return null;
				}
				i += 4;
			}
			else if (key == 't') {
				if (b[i] != '"') {
					return null;
				}
				int start = ++i;
				while (i < limit && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 && b[i] < 0x7F) {
					i++;
				}
				if (i >= limit || b[i] != '"') {
					return null;
				}
				type = type(b, start, i - start);
				i++;
			}
			else if (key == 's' || key == 'o') {
				int start = i;
				long value = 0;
				while (i < limit && b[i] >= '0' && b[i] <= '9' && i - start < 18) {
					value = value * 10 + (b[i] - '0');
					i++;
				}
				if (i == start || i >= limit || (b[i] >= '0' && b[i] <= '9') || b[i] == '.' || b[i] == 'e'
						|| b[i] == 'E') {
					return null;
				}
				if (key == 's') {
					seq = value;
				}
				else {
					if (value > Integer.MAX_VALUE) {
						return null;
					}
					op = (int) value;
				}
			}
			else {
				return null;
			}
			i = skipWs(b, i, limit);
			if (i >= limit) {
				return null;
			}
			if (b[i] == ',') {
				i++;
				continue;
			}
			// '}' before any "d": a complete envelope without d (e.g. {"op":11}); otherwise something odd
			return (b[i] == '}' && op != Integer.MIN_VALUE) ? new Envelope(op, type, seq) : null;
		}
	}

	private static int skipWs(byte[] b, int i, int limit) {
		while (i < limit && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
			i++;
		}
		return i;
	}

	private static String type(byte[] b, int start, int length) {
		AsciiKey probe = new AsciiKey(b, start, length);
		String cached = TYPES.get(probe);
		if (cached != null) {
			return cached;
		}
		String s = new String(b, start, length, StandardCharsets.US_ASCII);
		if (TYPES.size() < MAX_CACHED_TYPES) {
			TYPES.putIfAbsent(new AsciiKey(s.getBytes(StandardCharsets.US_ASCII), 0, length), s);
		}
		return s;
	}

	/** The slow path: Jackson's streaming parser, skipping {@code d} and unknown keys. Visible for tests. */
	static Envelope parse(byte[] frame) {
		try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), frame)) {
			if (p.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("Gateway message is not a JSON object");
			}
			Integer op = null;
			String type = null;
			long seq = Envelope.NO_SEQUENCE;
			int dataOffset = Envelope.NO_DATA_OFFSET;
			JsonToken token;
			while ((token = p.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = p.currentName();
				JsonToken value = p.nextToken();
				switch (name) {
					case "op" -> {
						if (value != JsonToken.VALUE_NUMBER_INT) {
							throw new IllegalArgumentException("Gateway message has a non-integer op");
						}
						op = p.getIntValue();
					}
					case "t" -> type = (value == JsonToken.VALUE_STRING) ? p.getString() : null;
					case "s" -> seq = (value == JsonToken.VALUE_NUMBER_INT) ? p.getLongValue() : Envelope.NO_SEQUENCE;
					case "d" -> {
						dataOffset = (int) p.currentTokenLocation().getByteOffset();
						p.skipChildren();
					}
					default -> p.skipChildren();
				}
			}
			if (token != JsonToken.END_OBJECT) {
				throw new IllegalArgumentException("Gateway message is not a complete JSON object");
			}
			if (op == null) {
				throw new IllegalArgumentException("Gateway message has no op");
			}
			return new Envelope(op, type, seq, dataOffset);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new IllegalArgumentException("Malformed gateway message: " + ex.getOriginalMessage(), ex);
		}
	}

	private static final class AsciiKey {

		private final byte[] bytes;

		private final int start;

		private final int length;

		private final int hash;

		AsciiKey(byte[] bytes, int start, int length) {
			this.bytes = bytes;
			this.start = start;
			this.length = length;
			int h = 1;
			for (int i = start; i < start + length; i++) {
				h = 31 * h + bytes[i];
			}
			this.hash = h;
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof AsciiKey k && k.length == this.length && java.util.Arrays.equals(this.bytes,
					this.start, this.start + this.length, k.bytes, k.start, k.start + k.length);
		}

	}

}
