package dev.shard.event;

/**
 * The {@code d} of a dispatch of a known type could not be bound to its record. The message
 * names the type, shard, sequence and the JSON path that failed, never payload content beyond
 * what Jackson reports for the failing value. The caller logs it and carries on: one bad event
 * must not bring the session down.
 */
public class EventBindingException extends RuntimeException {

	private final String type;

	private final int shardId;

	private final long sequence;

	/**
	 * Create a new instance.
	 * @param type the dispatch type
	 * @param shardId the shard id
	 * @param sequence the sequence number
	 * @param cause the binding failure
	 */
	public EventBindingException(String type, int shardId, long sequence, Throwable cause) {
		super("Failed to bind " + type + " (shard " + shardId + ", seq " + sequence + "): " + describe(cause), cause);
		this.type = type;
		this.shardId = shardId;
		this.sequence = sequence;
	}

	private static String describe(Throwable cause) {
		if (cause instanceof tools.jackson.core.JacksonException jackson) {
			String path = jackson.getPathReference();
			return jackson.getOriginalMessage() + ((path != null) ? " at " + path : "");
		}
		return String.valueOf(cause);
	}

	/**
	 * The dispatch type.
	 * @return the type
	 */
	public String type() {
		return this.type;
	}

	/**
	 * The shard id.
	 * @return the shard id
	 */
	public int shardId() {
		return this.shardId;
	}

	/**
	 * The sequence number.
	 * @return the sequence
	 */
	public long sequence() {
		return this.sequence;
	}

}
