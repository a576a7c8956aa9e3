package dev.shard.gateway;

/**
 * Why a shard is reconnecting (a metrics tag, so the set is fixed).
 */
public enum ReconnectCause {

	/** Op 7 Reconnect from the gateway. */
	RECONNECT_REQUESTED,

	/** Op 9 Invalid Session. */
	INVALID_SESSION,

	/** No heartbeat ACK before the next beat was due. */
	ZOMBIE,

	/** The gateway closed with a non-fatal close code. */
	CLOSE_CODE,

	/**
	 * The connection dropped without a close frame or could not be opened, or its inbound stream broke (data over
	 * the cap, a corrupt compression context, a sequence gap): the detail says which.
	 */
	TRANSPORT,

	/** No Hello, READY or RESUMED in time. */
	TIMEOUT,

	/**
	 * The daily session-start budget is spent: the shard waits for its {@code reset_after}, then identifies (see
	 * {@link Shard#identifyBlockedUntil()}).
	 */
	SESSION_START_LIMIT,

	/** Restarted on request (e.g. from the actuator endpoint). */
	REQUESTED

}
