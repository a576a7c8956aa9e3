package dev.shard.gateway;

/**
 * Where a {@link Shard} is in its connection lifecycle.
 * <p>
 * A shard starts {@link #DISCONNECTED}, goes through {@link #CONNECTING}, {@link #HANDSHAKING} and
 * {@link #IDENTIFYING} or {@link #RESUMING} to {@link #CONNECTED}, and from any of those to {@link #RECONNECTING}
 * when the connection ends (a new one follows, after a backoff) or to {@link #DISCONNECTING} on
 * {@link Shard#shutdown()}. It ends {@link #SHUT_DOWN} or {@link #FATALLY_CLOSED}. The state is written in one
 * place, which allows only these moves; it is read without locks from any thread ({@link Shard#state()} is
 * volatile), so it may be stale by the time the caller acts on it.
 */
public enum ShardState {

	/** Not connected and not trying to be: before {@code run}. */
	DISCONNECTED,

	/** Opening the WebSocket. */
	CONNECTING,

	/** Socket open, waiting for Hello. */
	HANDSHAKING,

	/** Identify sent (or queued behind the identify limiter), waiting for READY. */
	IDENTIFYING,

	/** Resume sent, waiting for RESUMED. */
	RESUMING,

	/** READY or RESUMED received: dispatches flow and commands are sent. */
	CONNECTED,

	/**
	 * Connection lost or closed on purpose; a new connection will follow, after a backoff (and after the
	 * session-start budget's reset if it is spent: see {@link Shard#identifyBlockedUntil()}).
	 */
	RECONNECTING,

	/** {@code shutdown()} called, closing (possibly over one last connection that ends the session). */
	DISCONNECTING,

	/** Terminal: the gateway closed with a fatal code (4004, 4010-4014) or the configuration cannot work. */
	FATALLY_CLOSED,

	/** Terminal: shut down on request. */
	SHUT_DOWN;

	/** Whether the shard will never connect again. */
	public boolean isTerminal() {
		return this == FATALLY_CLOSED || this == SHUT_DOWN;
	}

}
