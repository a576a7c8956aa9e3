package dev.shard.gateway;

/**
 * Lifecycle of one shard, observable through {@link Shard#lifecycle()}.
 */
public sealed interface ShardLifecycleEvent {

	int shardId();

	/** The WebSocket is open (before Hello). */
	record Connected(int shardId, String url) implements ShardLifecycleEvent {
	}

	/** READY: a new session. */
	record Ready(int shardId, String sessionId, int guildCount) implements ShardLifecycleEvent {
	}

	/** RESUMED: the session continues; {@code replayed} dispatches were replayed first. */
	record Resumed(int shardId, String sessionId, long replayed) implements ShardLifecycleEvent {
	}

	/** The connection is going away and a new one will follow. */
	record Reconnecting(int shardId, ReconnectCause cause, int closeCode, String detail, boolean resume)
			implements ShardLifecycleEvent {
	}

	/** Op 9 Invalid Session. */
	record InvalidSession(int shardId, boolean resumable) implements ShardLifecycleEvent {
	}

	/** No heartbeat ACK arrived before the next beat was due. */
	record Zombie(int shardId) implements ShardLifecycleEvent {
	}

	/** Terminal: a fatal close code or a spent session budget. */
	record FatallyClosed(int shardId, int closeCode, String reason, GatewayException error)
			implements ShardLifecycleEvent {
	}

	/** Terminal: shut down on request. */
	record ShutDown(int shardId, ShutdownMode mode) implements ShardLifecycleEvent {
	}

}
