package dev.shard.gateway;

import java.util.function.BiFunction;

/**
 * Gateway close codes as data: what each one means and what the shard does about it. See
 * <a href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes">Gateway
 * Close Event Codes</a>.
 */
public enum CloseCode {

	UNKNOWN_ERROR(4000, Action.RESUME, null),
	UNKNOWN_OPCODE(4001, Action.RESUME, null),
	DECODE_ERROR(4002, Action.RESUME, null),
	NOT_AUTHENTICATED(4003, Action.NEW_SESSION, null),
	AUTHENTICATION_FAILED(4004, Action.FATAL, AuthenticationFailedException::new),
	ALREADY_AUTHENTICATED(4005, Action.NEW_SESSION, null),
	/** Not in the current list; historically "session no longer valid". */
	INVALID_SESSION(4006, Action.NEW_SESSION, null),
	INVALID_SEQ(4007, Action.NEW_SESSION, null),
	RATE_LIMITED(4008, Action.RESUME, null),
	SESSION_TIMED_OUT(4009, Action.NEW_SESSION, null),
	INVALID_SHARD(4010, Action.FATAL, InvalidShardException::new),
	SHARDING_REQUIRED(4011, Action.FATAL, ShardingRequiredException::new),
	INVALID_API_VERSION(4012, Action.FATAL, InvalidApiVersionException::new),
	INVALID_INTENTS(4013, Action.FATAL, InvalidIntentsException::new),
	DISALLOWED_INTENTS(4014, Action.FATAL, DisallowedIntentsException::new),
	/**
	 * Sent by this client, never by Discord: any close code but 1000 and 1001 keeps the session resumable, so every
	 * close meant to be followed by a resume (a timeout, op 7, {@link ShutdownMode#RESUMABLE}) uses this one.
	 */
	CLIENT_RESUMABLE(4900, Action.RESUME, null);

	/** What the shard does after a close. */
	public enum Action {

		/** Reconnect to {@code resume_gateway_url} and send Resume. */
		RESUME,

		/** Drop the session, reconnect to the discovery URL and Identify. */
		NEW_SESSION,

		/** Stop the shard; reconnecting cannot help. */
		FATAL

	}

	private final int code;

	private final Action action;

	private final BiFunction<Integer, String, FatalCloseException> exception;

	CloseCode(int code, Action action, BiFunction<Integer, String, FatalCloseException> exception) {
		this.code = code;
		this.action = action;
		this.exception = exception;
	}

	public int code() {
		return this.code;
	}

	public Action action() {
		return this.action;
	}

	/** The code's constant, or {@code null} for codes Discord does not list (1000, 1006, unknown 4xxx). */
	public static CloseCode of(int code) {
		for (CloseCode c : values()) {
			if (c.code == code) {
				return c;
			}
		}
		return null;
	}

	/**
	 * The action for any received close code. Unlisted codes (1000/1001/1006 from the server, unknown 4xxx, no
	 * close frame) resume: a resume of a dead session only yields op 9, which leads to identify.
	 */
	public static Action actionFor(int code) {
		CloseCode c = of(code);
		return (c != null) ? c.action : Action.RESUME;
	}

	/** The precise exception for a fatal code, {@code null} for non-fatal ones. */
	public static FatalCloseException exceptionFor(int code, String reason) {
		CloseCode c = of(code);
		return (c != null && c.exception != null) ? c.exception.apply(code, reason) : null;
	}

}
