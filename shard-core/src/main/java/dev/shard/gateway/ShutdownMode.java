package dev.shard.gateway;

/**
 * How {@link Shard#shutdown(ShutdownMode)} closes the connection.
 */
public enum ShutdownMode {

	/**
	 * Close with a non-1000 code so Discord keeps the session for a few minutes: a restarted process can resume
	 * it (rolling restarts) instead of spending an identify.
	 */
	RESUMABLE,

	/** Close with 1000: the session ends and the bot goes offline. */
	FINAL

}
