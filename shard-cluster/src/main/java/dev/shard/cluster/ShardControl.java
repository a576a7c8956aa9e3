package dev.shard.cluster;

import java.util.Optional;

import reactor.core.publisher.Mono;

import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShutdownMode;

/**
 * What {@link ShardLeaseManager} drives: start and stop single shards of this process. A shard manager is
 * adapted to it (start = create the shard, {@code resumeFrom(session)} when present, run it; stop = shut it
 * down).
 */
public interface ShardControl {

	/**
	 * Start a shard. With a saved session the first connection must resume it instead of identifying.
	 * @param shardId the shard
	 * @param session the saved session, if any
	 * @return completes once the shard is started (not necessarily connected)
	 */
	Mono<Void> start(int shardId, Optional<SessionInfo> session);

	/**
	 * Stop a shard. Lease hand-overs use {@link ShutdownMode#RESUMABLE} so the next owner can resume; the final
	 * checkpoint is taken from {@link #session(int)} once this completes, so it should complete only after the
	 * shard's buffered dispatches were delivered (bounded), e.g. {@code shard.shutdown(mode).then(shard.drained())}:
	 * otherwise the checkpoint lags what was received, and the next owner delivers the difference again.
	 * @param shardId the shard
	 * @param mode how to close
	 * @return completes once the connection is closed and, ideally, the buffer drained
	 */
	Mono<Void> stop(int shardId, ShutdownMode mode);

	/** The shard's current session, for checkpoints; empty if unknown or not running. */
	default Optional<SessionInfo> session(int shardId) {
		return Optional.empty();
	}

}
