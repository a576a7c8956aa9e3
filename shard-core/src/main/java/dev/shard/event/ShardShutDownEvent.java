package dev.shard.event;

/**
 * A shard was shut down on request.
 *
 * @param shardId the shard
 * @param resumable whether it closed keeping its session resumable
 */
public record ShardShutDownEvent(int shardId, boolean resumable) {
}
