package dev.shard.gateway;

import java.time.Duration;

/**
 * Low-level hooks for metrics. Called on the shard's threads: the connection's I/O thread (event loop) for frames,
 * dispatches, sends, Identify, Resume and heartbeat ACKs, and the thread that ended a connection, holding the
 * shard's lock, for {@link #onReconnect}. Implementations must be cheap and must not block or throw. All methods
 * default to doing nothing.
 */
public interface ShardObserver {

	/** A no-op observer. */
	ShardObserver NONE = new ShardObserver() {
	};

	/** A WebSocket message arrived ({@code wireBytes}) and, if complete, inflated to {@code inflatedBytes} (0 if not). */
	default void onFrame(int shardId, int wireBytes, int inflatedBytes) {
	}

	/** A dispatch was received (whether or not it is delivered). */
	default void onDispatch(int shardId, String type) {
	}

	/** A payload was sent; {@code limiterWait} is how long it waited for the send limiter. */
	default void onSend(int shardId, int op, int bytes, Duration limiterWait) {
	}

	default void onIdentify(int shardId) {
	}

	default void onResume(int shardId) {
	}

	default void onReconnect(int shardId, ReconnectCause cause) {
	}

	default void onHeartbeatAck(int shardId, Duration latency) {
	}

}
