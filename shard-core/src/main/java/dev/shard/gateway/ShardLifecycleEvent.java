package dev.shard.gateway;

/**
 * Lifecycle of one shard, observable through {@link Shard#lifecycle()} and {@link ShardManager#lifecycle()}. With
 * Spring Boot, the same records are published as application events: listen to one of them (e.g.
 * {@code @EventListener void on(ShardLifecycleEvent.Ready event)}) or to all ({@code ShardLifecycleEvent}).
 * <p>
 * Close codes follow one convention: the code of the close frame that ended the connection (received from the
 * gateway, or sent by the shard, e.g. {@link CloseCode#CLIENT_RESUMABLE} before a resume), or
 * {@link #NO_CLOSE_CODE} when there was none. See
 * <a href="https://discord.com/developers/docs/events/gateway#connection-lifecycle">Connection Lifecycle</a>.
 */
public sealed interface ShardLifecycleEvent {

	/** The close code of an event that did not involve a close frame (e.g. a connection that never opened). */
	int NO_CLOSE_CODE = -1;

	/**
	 * The shard the event is about.
	 * @return the shard id
	 */
	int shardId();

	/**
	 * A connection attempt starts: the WebSocket is being opened. {@link Ready} or {@link Resumed} ends it well;
	 * {@link Reconnecting}, {@link FatallyClosed} or {@link ShutDown} ends it otherwise.
	 *
	 * @param shardId the shard
	 * @param url the gateway URL it connects to
	 * @param resume whether the connection resumes the session (otherwise it identifies)
	 */
	record Connecting(int shardId, String url, boolean resume) implements ShardLifecycleEvent {
	}

	/**
	 * The WebSocket is open (before Hello, Identify or Resume).
	 *
	 * @param shardId the shard
	 * @param url the gateway URL it connected to
	 */
	record Connected(int shardId, String url) implements ShardLifecycleEvent {
	}

	/**
	 * READY: a new session started.
	 *
	 * @param shardId the shard
	 * @param sessionId the new session's id
	 * @param guildCount the number of guilds announced in READY (they arrive as GUILD_CREATE afterwards)
	 */
	record Ready(int shardId, String sessionId, int guildCount) implements ShardLifecycleEvent {
	}

	/**
	 * RESUMED: the session continues; the missed dispatches were replayed before it.
	 *
	 * @param shardId the shard
	 * @param sessionId the resumed session's id
	 * @param replayed how many dispatches were replayed
	 */
	record Resumed(int shardId, String sessionId, long replayed) implements ShardLifecycleEvent {
	}

	/**
	 * The connection is going away and a new one will follow.
	 *
	 * @param shardId the shard
	 * @param cause why
	 * @param closeCode the close code involved, or {@link #NO_CLOSE_CODE}
	 * @param detail a human-readable detail, empty when there is none (never {@code null})
	 * @param resume whether the next connection resumes the session (otherwise it identifies)
	 */
	record Reconnecting(int shardId, ReconnectCause cause, int closeCode, String detail, boolean resume)
			implements ShardLifecycleEvent {

		public Reconnecting {
			detail = (detail != null) ? detail : "";
		}

	}

	/**
	 * Op 9 Invalid Session.
	 *
	 * @param shardId the shard
	 * @param resumable whether the session may be resumed
	 */
	record InvalidSession(int shardId, boolean resumable) implements ShardLifecycleEvent {
	}

	/**
	 * No heartbeat ACK arrived before the next beat was due; a {@link Reconnecting} with
	 * {@link ReconnectCause#ZOMBIE} follows.
	 *
	 * @param shardId the shard
	 */
	record Zombie(int shardId) implements ShardLifecycleEvent {
	}

	/**
	 * Terminal: a fatal close code (e.g. 4004 token rejected, 4014 disallowed intents) or an error reconnecting
	 * cannot fix. The shard will not reconnect.
	 *
	 * @param shardId the shard
	 * @param closeCode the close code, or {@link #NO_CLOSE_CODE}
	 * @param reason the close reason or error message, empty when there is none (never {@code null}; never
	 * contains the token)
	 * @param error the error
	 */
	record FatallyClosed(int shardId, int closeCode, String reason, GatewayException error)
			implements ShardLifecycleEvent {

		public FatallyClosed {
			reason = (reason != null) ? reason : "";
		}

	}

	/**
	 * Terminal: shut down on request.
	 *
	 * @param shardId the shard
	 * @param mode how it closed ({@link ShutdownMode#RESUMABLE} keeps the session resumable)
	 */
	record ShutDown(int shardId, ShutdownMode mode) implements ShardLifecycleEvent {
	}

}
