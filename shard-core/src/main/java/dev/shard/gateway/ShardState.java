package dev.shard.gateway;

/**
 * Where a {@link Shard} is in its connection lifecycle.
 */
public enum ShardState {

	/** Not connected and not trying to be (before {@code run}, or between attempts while backing off). */
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
	 * Connection lost or closed on purpose; a new connection will follow (after the session-start budget's reset if
	 * it is spent: see {@link Shard#identifyBlockedUntil()}).
	 */
	RECONNECTING,

	/** {@code shutdown()} called, closing. */
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
