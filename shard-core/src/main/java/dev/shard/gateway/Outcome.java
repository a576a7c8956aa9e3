package dev.shard.gateway;

/**
 * How a connection ended, and so what the shard does next: reconnect (after which {@link Delay}, resuming or not),
 * stop fatally, or finish a shutdown. Decided by the connection, acted on by the {@link Supervisor}.
 *
 * @param kind what follows
 * @param cause why it reconnects ({@code null} unless {@link Kind#RECONNECT})
 * @param closeCode the close code received or sent, -1 if none
 * @param detail a short human explanation, or {@code null}
 * @param delay how long to wait before the next connection
 * @param dropSession whether the session is gone (the next connection identifies)
 * @param error why it stopped ({@code null} unless {@link Kind#FATAL})
 */
record Outcome(Kind kind, ReconnectCause cause, int closeCode, String detail, Delay delay, boolean dropSession,
		GatewayException error) {

	static final Outcome SHUTDOWN = new Outcome(Kind.SHUTDOWN, null, -1, null, Delay.NONE, false, null);

	static Outcome reconnect(ReconnectCause cause, int code, String detail, Delay delay, boolean dropSession) {
		return new Outcome(Kind.RECONNECT, cause, code, detail, delay, dropSession, null);
	}

	static Outcome fatal(int code, String detail, GatewayException error) {
		return new Outcome(Kind.FATAL, null, code, detail, Delay.NONE, true, error);
	}

	enum Kind {

		RECONNECT, FATAL, SHUTDOWN

	}

	/** How long the shard waits before the next connection. */
	enum Delay {

		NONE,

		/** Exponential backoff with full jitter, over failures since the last READY/RESUMED. */
		BACKOFF,

		/** Between {@code invalidSessionDelayMin} and {@code invalidSessionDelayMax}, after op 9. */
		INVALID_SESSION,

		/** Until the session-start budget resets ({@link Shard#identifyBlockedUntil()}). */
		SESSION_START_LIMIT

	}

}
