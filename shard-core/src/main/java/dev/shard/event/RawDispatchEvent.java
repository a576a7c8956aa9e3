package dev.shard.event;

import java.nio.charset.StandardCharsets;

import dev.shard.gateway.GatewayDispatch;

/**
 * Any dispatch as raw bytes: the event for types this version does not know (Discord sends
 * undocumented ones), and available for every type to listeners that want the raw form.
 *
 * @param shardId the shard id
 * @param sequence the sequence number {@code s}
 * @param type the dispatch type {@code t}
 * @param frame the whole inflated UTF-8 envelope (shared, do not modify)
 */
public record RawDispatchEvent(int shardId, long sequence, String type, byte[] frame) implements GatewayEvent {

	/**
	 * The raw event of a dispatch, known type or not.
	 * @param dispatch the dispatch as a shard delivers it
	 * @return its raw event (sharing the frame)
	 */
	public static RawDispatchEvent of(GatewayDispatch dispatch) {
		return new RawDispatchEvent(dispatch.shardId(), dispatch.sequence(), dispatch.type(), dispatch.frame());
	}

	@Override
	public String rawJson() {
		return new String(this.frame, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "RawDispatchEvent[shardId=" + this.shardId + ", sequence=" + this.sequence + ", type=" + this.type
				+ ", bytes=" + this.frame.length + "]";
	}

}
