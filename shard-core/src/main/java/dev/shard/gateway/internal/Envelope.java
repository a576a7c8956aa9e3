package dev.shard.gateway.internal;

/**
 * The routing part of a gateway message: {@code op}, {@code t} and {@code s}; {@code d} stays unparsed.
 *
 * @param op the opcode
 * @param type {@code t}, or {@code null}
 * @param sequence {@code s}, or {@link #NO_SEQUENCE}
 */
public record Envelope(int op, String type, long sequence) {

	/** {@code s} was absent or null. */
	public static final long NO_SEQUENCE = -1;

	public boolean hasSequence() {
		return this.sequence != NO_SEQUENCE;
	}

}
