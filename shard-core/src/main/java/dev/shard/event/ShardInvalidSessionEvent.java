package dev.shard.event;

/**
 * A shard received op 9 Invalid Session.
 *
 * @param shardId the shard
 * @param resumable whether the session may be resumed
 */
public record ShardInvalidSessionEvent(int shardId, boolean resumable) {
}
