package dev.shard.event;

/**
 * A shard stopped for good: the gateway closed with a fatal code (e.g. 4004 token rejected, 4014 disallowed
 * intents) or the session-start budget is spent. It will not reconnect.
 *
 * @param shardId the shard
 * @param closeCode the close code, or 0 if none
 * @param reason the close reason or error message (never contains the token)
 * @param error the error, if any
 */
public record ShardFatallyClosedEvent(int shardId, int closeCode, String reason, Throwable error) {
}
