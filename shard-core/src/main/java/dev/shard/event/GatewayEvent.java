package dev.shard.event;

/**
 * Anything received as a dispatch (op 0) on a shard.
 */
public interface GatewayEvent {

	/**
	 * The shard the dispatch arrived on.
	 * @return the shard id
	 */
	int shardId();

	/**
	 * The dispatch sequence number {@code s}.
	 * @return the sequence
	 */
	long sequence();

	/**
	 * The dispatch type {@code t}, e.g. {@code MESSAGE_CREATE}.
	 * @return the type
	 */
	String type();

	/**
	 * The whole envelope as received ({@code {"op":0,"t":..,"s":..,"d":..}}).
	 * @return the raw JSON
	 */
	String rawJson();

}
