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

	/**
	 * Re-shard the shards this process runs to {@code totalShards} (a multiple of the count now) while they stay
	 * online, as {@link dev.shard.gateway.ShardManager#reshard(int)} does for externally managed shards: the new
	 * shards {@code j} whose {@code j % old} runs here connect beside the old ones and take over once ready. The
	 * lease manager calls it when the instances' {@link ShardLayout} moved to a new generation, after claiming the
	 * new shards' leases.
	 * @param totalShards the new shard count
	 * @return completes once the new shards took over; errors if that did not happen (the old ones run on)
	 */
	default Mono<Void> reshard(int totalShards) {
		return Mono.error(new UnsupportedOperationException(getClass().getName() + " cannot re-shard"));
	}

	/**
	 * Take the shard count of the instances' layout while this process runs no shard (it joined after a
	 * re-shard, or stood by during one): shards started after it belong to that layout.
	 * @param totalShards the shard count
	 * @return completes once adopted
	 */
	default Mono<Void> adoptShardCount(int totalShards) {
		return Mono.empty();
	}

}
