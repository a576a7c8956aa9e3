package dev.shard.gateway.internal;

/**
 * The routing part of a gateway message: {@code op}, {@code t} and {@code s}, and where the value of {@code d}
 * starts; {@code d} itself stays unparsed.
 *
 * @param op the opcode
 * @param type {@code t}, or {@code null}
 * @param sequence {@code s}, or {@link #NO_SEQUENCE}
 * @param dataOffset the byte offset in the message of the first byte of the value of {@code d}, or
 * {@link #NO_DATA_OFFSET} when there is no {@code d} (or it was not located)
 */
public record Envelope(int op, String type, long sequence, int dataOffset) {

	/** {@code s} was absent or null. */
	public static final long NO_SEQUENCE = -1;

	/** {@code d} was absent, or its position is not known. */
	public static final int NO_DATA_OFFSET = -1;

	/**
	 * An envelope whose {@code d} was not located.
	 * @param op the opcode
	 * @param type {@code t}, or {@code null}
	 * @param sequence {@code s}, or {@link #NO_SEQUENCE}
	 */
	public Envelope(int op, String type, long sequence) {
		this(op, type, sequence, NO_DATA_OFFSET);
	}

}
