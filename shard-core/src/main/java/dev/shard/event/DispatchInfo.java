package dev.shard.event;

import java.nio.charset.StandardCharsets;

/**
 * Where a dispatch came from and its raw bytes. The frame array is shared, not copied: do not
 * modify it.
 *
 * @param shardId the shard id
 * @param sequence the sequence number {@code s}
 * @param type the dispatch type {@code t}
 * @param frame the whole inflated UTF-8 envelope
 * @param dataOffset byte offset of the {@code d} value in {@code frame}, or -1 if absent
 * @param dataLength byte length of the {@code d} value, or 0 if absent
 */
public record DispatchInfo(int shardId, long sequence, String type, byte[] frame, int dataOffset, int dataLength) {

	/**
	 * The whole envelope as a string.
	 * @return the raw JSON
	 */
	public String rawJson() {
		return new String(this.frame, StandardCharsets.UTF_8);
	}

	/**
	 * The {@code d} value as a string.
	 * @return the raw payload JSON, or {@code null} when {@code d} was absent
	 */
	public String rawData() {
		return (this.dataOffset < 0) ? null
				: new String(this.frame, this.dataOffset, this.dataLength, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// never dump the frame: it may hold interaction or voice tokens
		return "DispatchInfo[shardId=" + this.shardId + ", sequence=" + this.sequence + ", type=" + this.type
				+ ", bytes=" + this.frame.length + "]";
	}

}
