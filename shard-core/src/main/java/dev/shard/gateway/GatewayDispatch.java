package dev.shard.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One dispatch as received, before any binding: later layers bind {@code d} lazily, only if somebody listens
 * ({@code dev.shard.event.EventBinder} turns it into its typed event).
 *
 * @param shardId the shard that received it
 * @param sequence its sequence number {@code s}
 * @param type its event name {@code t}; undocumented types arrive here too
 * @param frame the whole inflated UTF-8 JSON envelope ({@code {"op":0,"t":..,"s":..,"d":..}}, any key order)
 * @param dataOffset the byte offset in {@code frame} where the value of {@code d} starts, as found when the
 * envelope was read, or {@link #UNKNOWN_DATA_OFFSET} (then a binder scans the frame for {@code d})
 * @param receivedNanos {@link System#nanoTime()} when the frame was decoded (for dispatch lag)
 */
public record GatewayDispatch(int shardId, long sequence, String type, byte[] frame, int dataOffset,
		long receivedNanos) {

	/** Where {@code d} starts is not known (or there is no {@code d}): whoever binds it scans the frame. */
	public static final int UNKNOWN_DATA_OFFSET = -1;

	/** The type of a dispatch that came without {@code t}, so that it still reaches raw listeners. */
	static String typeOrUnknown(String type) {
		return (type != null) ? type : "UNKNOWN";
	}

	/**
	 * A dispatch whose {@code d} has not been located ({@link #UNKNOWN_DATA_OFFSET}).
	 * @param shardId the shard that received it
	 * @param sequence its sequence number {@code s}
	 * @param type its event name {@code t}
	 * @param frame the whole inflated UTF-8 JSON envelope
	 * @param receivedNanos {@link System#nanoTime()} when the frame was decoded
	 */
	public GatewayDispatch(int shardId, long sequence, String type, byte[] frame, long receivedNanos) {
		this(shardId, sequence, type, frame, UNKNOWN_DATA_OFFSET, receivedNanos);
	}

	/** The frame as a string (for logging and raw listeners). */
	public String json() {
		return new String(this.frame, StandardCharsets.UTF_8);
	}

	// dataOffset and receivedNanos describe how the frame was received, not what it says: left out

	@Override
	public boolean equals(Object o) {
		return o instanceof GatewayDispatch other && this.shardId == other.shardId && this.sequence == other.sequence
				&& this.type.equals(other.type) && Arrays.equals(this.frame, other.frame);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.shardId + Long.hashCode(this.sequence)) + this.type.hashCode();
	}

	@Override
	public String toString() {
		return "GatewayDispatch[shard=" + this.shardId + ", s=" + this.sequence + ", t=" + this.type + ", "
				+ this.frame.length + " bytes]";
	}

}
