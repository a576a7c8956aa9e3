package dev.shard.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * What identifies one event across two sessions: its type and the bytes of its {@code d}. Discord sends a guild's
 * event to every session whose shard covers the guild, with the same payload and each session's own sequence, so
 * during a re-shard the old and the new layout receive the same event as two dispatches with equal fingerprints.
 * <p>
 * 64-bit FNV-1a over {@code d}, with the type and length: collisions within the few seconds a re-shard compares are
 * negligible, and two truly identical events are counted, not merged ({@link Multiset}).
 */
record DispatchFingerprint(String type, int length, long hash) {

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	static DispatchFingerprint of(GatewayDispatch dispatch) {
		byte[] frame = dispatch.frame();
		int start = (dispatch.dataOffset() >= 0 && dispatch.dataOffset() < frame.length) ? dispatch.dataOffset()
				: dataStart(frame);
		boolean found = start >= 0;
		if (!found) {
			start = 0; // no d to compare: the whole frame, made unique by its sequence below
		}
		int end = found ? valueEnd(frame, start) : frame.length;
		long hash = FNV_OFFSET;
		for (int i = start; i < end; i++) {
			hash ^= (frame[i] & 0xff);
			hash *= FNV_PRIME;
		}
		if (!found) {
			hash ^= dispatch.sequence() * FNV_PRIME;
		}
		return new DispatchFingerprint(dispatch.type(), end - start, hash);
	}

	/** Where the value of the envelope's {@code d} starts, or -1. */
	static int dataStart(byte[] b) {
		int i = skipWhitespace(b, 0);
		if (i >= b.length || b[i] != '{') {
			return -1;
		}
		i++;
		while (true) {
			i = skipWhitespace(b, i);
			if (i >= b.length || b[i] != '"') {
				return -1;
			}
			int keyEnd = valueEnd(b, i);
			boolean isData = keyEnd - i == 3 && b[i + 1] == 'd';
			i = skipWhitespace(b, keyEnd);
			if (i >= b.length || b[i] != ':') {
				return -1;
			}
			i = skipWhitespace(b, i + 1);
			if (isData) {
				return (i < b.length) ? i : -1;
			}
			i = skipWhitespace(b, valueEnd(b, i));
			if (i >= b.length || b[i] != ',') {
				return -1;
			}
			i++;
		}
	}

	private static int skipWhitespace(byte[] b, int i) {
		while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
			i++;
		}
		return i;
	}

	/** The index after the JSON value that starts at {@code start} (an object, array, string or literal). */
	static int valueEnd(byte[] b, int start) {
		int depth = 0;
		boolean inString = false;
		for (int i = start; i < b.length; i++) {
			byte c = b[i];
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
					if (depth == 0) {
						return i + 1;
					}
				}
				continue;
			}
			switch (c) {
				case '"' -> inString = true;
				case '{', '[' -> depth++;
				case '}', ']' -> {
					if (depth == 0) {
						return i; // a literal or number ended by its container
					}
					if (--depth == 0) {
						return i + 1;
					}
				}
				case ',' -> {
					if (depth == 0) {
						return i;
					}
				}
				default -> {
				}
			}
		}
		return b.length;
	}

	/** Fingerprints with counts: removing one leaves the other copies of an identical event. */
	static final class Multiset {

		private final Map<DispatchFingerprint, Integer> counts = new HashMap<>();

		synchronized void add(DispatchFingerprint fingerprint) {
			this.counts.merge(fingerprint, 1, Integer::sum);
		}

		/** Removes one copy; {@code false} if there was none. */
		synchronized boolean remove(DispatchFingerprint fingerprint) {
			Integer count = this.counts.get(fingerprint);
			if (count == null) {
				return false;
			}
			if (count == 1) {
				this.counts.remove(fingerprint);
			}
			else {
				this.counts.put(fingerprint, count - 1);
			}
			return true;
		}

		synchronized int size() {
			return this.counts.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

}
