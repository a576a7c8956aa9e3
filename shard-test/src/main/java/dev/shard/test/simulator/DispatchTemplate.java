/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.nio.charset.StandardCharsets;

/**
 * A dispatch encoded once: everything but the sequence number is pre-encoded, so sending it costs a copy of
 * two byte arrays and a few digits. The layout follows Discord's own key order ({@code t}, {@code s},
 * {@code op}, {@code d}), which lets clients find {@code t} and {@code s} without tokenising {@code d}.
 */
final class DispatchTemplate {

	final String type;

	final byte[] prefix;

	final byte[] suffix;

	DispatchTemplate(String type, byte[] dJson) {
		this.type = type;
		this.prefix = ("{\"t\":\"" + type + "\",\"s\":").getBytes(StandardCharsets.UTF_8);
		byte[] head = (",\"op\":" + Opcode.DISPATCH.code + ",\"d\":").getBytes(StandardCharsets.US_ASCII);
		this.suffix = new byte[head.length + dJson.length + 1];
		System.arraycopy(head, 0, this.suffix, 0, head.length);
		System.arraycopy(dJson, 0, this.suffix, head.length, dJson.length);
		this.suffix[this.suffix.length - 1] = '}';
	}

	static DispatchTemplate of(String type, String dJson) {
		return new DispatchTemplate(type, dJson.getBytes(StandardCharsets.UTF_8));
	}

	int encodedLength(long seq) {
		return this.prefix.length + digits(seq) + this.suffix.length;
	}

	/** Writes the whole envelope for {@code seq} into {@code target} at {@code offset}; returns the new offset. */
	int encode(long seq, byte[] target, int offset) {
		System.arraycopy(this.prefix, 0, target, offset, this.prefix.length);
		offset += this.prefix.length;
		int n = digits(seq);
		long v = seq;
		for (int i = offset + n - 1; i >= offset; i--) {
			target[i] = (byte) ('0' + (v % 10));
			v /= 10;
		}
		offset += n;
		System.arraycopy(this.suffix, 0, target, offset, this.suffix.length);
		return offset + this.suffix.length;
	}

	byte[] encode(long seq) {
		byte[] out = new byte[encodedLength(seq)];
		encode(seq, out, 0);
		return out;
	}

	String dJson() {
		int head = 12;
		return new String(this.suffix, head, this.suffix.length - head - 1, StandardCharsets.UTF_8);
	}

	static int digits(long v) {
		int n = 1;
		while (v >= 10) {
			v /= 10;
			n++;
		}
		return n;
	}

}
