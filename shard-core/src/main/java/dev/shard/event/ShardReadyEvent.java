package dev.shard.event;

/**
 * A shard received READY: a new session started.
 *
 * @param shardId the shard
 * @param sessionId the new session's id
 * @param guildCount the number of guilds announced in READY (they arrive as GUILD_CREATE afterwards)
 */
public record ShardReadyEvent(int shardId, String sessionId, int guildCount) {
}
