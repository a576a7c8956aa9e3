package dev.shard.event;

/**
 * A shard opened its WebSocket (before Hello, Identify or Resume).
 *
 * @param shardId the shard
 * @param url the gateway URL it connected to
 */
public record ShardConnectedEvent(int shardId, String url) {
}
