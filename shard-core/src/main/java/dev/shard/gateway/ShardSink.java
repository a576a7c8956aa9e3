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
	 * One dispatch with what {@link #prepare} returned for it ({@code null} when it was not prepared or preparing
	 * failed): the delivery counterpart of {@code prepare}. By default it ignores {@code prepared}.
	 * @param dispatch the dispatch
	 * @param prepared the result of {@link #prepare}, or {@code null}
	 */
	default void onDispatch(GatewayDispatch dispatch, Object prepared) {
		onDispatch(dispatch);
	}

	/**
	 * Work on a wanted dispatch that may run ahead of delivery: called on the I/O thread right after the dispatch
	 * is read, while the delivery thread may still be busy with earlier ones, and its result is handed to
	 * {@link #onDispatch(GatewayDispatch, Object)}. A sink binds the dispatch to its event here, so that binding
	 * and the listeners of the previous dispatch run on two cores at once; order is unaffected (delivery still
	 * happens in sequence). Only called while delivery is behind: the delivery thread is at work and earlier
	 * dispatches are still waiting for it (when it keeps up, or has not started on them yet, it does the whole work
	 * itself). Never for {@link #nonBlocking()} sinks (they run on the I/O thread anyway) or for large frames
	 * (binding a guild's snapshot would hold up the other connections of the event loop). Must be
	 * cheap, non-blocking and free of side effects; an exception here is ignored and the dispatch is delivered
	 * unprepared.
	 * @param dispatch the dispatch
	 * @return the prepared value, or {@code null} (the default) for nothing
	 */
	default Object prepare(GatewayDispatch dispatch) {
		return null;
	}

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
