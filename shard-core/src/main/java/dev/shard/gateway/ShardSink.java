package dev.shard.gateway;

/**
 * Receives a shard's dispatches. The shard calls it in sequence order, never concurrently for one shard, and off
 * the socket's I/O thread (unless the sink declares itself {@link #nonBlocking()}). A slow sink fills the shard's
 * bounded buffer, and the shard then stops reading the socket (TCP backpressure) while it keeps heartbeating.
 */
@FunctionalInterface
public interface ShardSink {

	/**
	 * One dispatch (op 0). Exceptions thrown here are logged and do not stop the shard.
	 * @param dispatch the dispatch
	 */
	void onDispatch(GatewayDispatch dispatch);

	/**
	 * Whether dispatches of this type should be delivered at all. Types nobody wants are not buffered or delivered;
	 * only their sequence number is tracked. Called on the I/O thread; keep it cheap.
	 * @param type the dispatch type, e.g. {@code MESSAGE_CREATE}
	 * @return whether to deliver it
	 */
	default boolean wants(String type) {
		return true;
	}

	/**
	 * Whether this sink never blocks and returns quickly, so that the shard may call it right on the socket's I/O
	 * thread instead of handing each burst of dispatches to a worker thread (a thread wake-up: tens of microseconds
	 * of receive-to-sink latency, milliseconds at the tail under load). Order and "never concurrently for one
	 * shard" still hold. Whatever the sink does then delays reading, and heartbeats, of every connection on that
	 * event loop, so only return true for cheap, non-blocking sinks. Asked once, when the shard starts.
	 * @return whether the sink may run on the I/O thread (default false)
	 */
	default boolean nonBlocking() {
		return false;
	}

}
