package dev.shard.event;

/**
 * A shard resumed its session (RESUMED); the missed dispatches were replayed before it.
 *
 * @param shardId the shard
 * @param sessionId the resumed session's id
 * @param replayed how many dispatches were replayed
 */
public record ShardResumedEvent(int shardId, String sessionId, long replayed) {
}
