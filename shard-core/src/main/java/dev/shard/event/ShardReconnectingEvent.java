package dev.shard.event;

/**
 * A shard's connection is going away and a new one will follow.
 *
 * @param shardId the shard
 * @param cause why, e.g. {@code RECONNECT_REQUESTED}, {@code ZOMBIE}, {@code TRANSPORT}
 * @param closeCode the close code involved, or 0 if none
 * @param detail a human-readable detail, possibly empty
 * @param resume whether the next connection resumes the session (otherwise it identifies)
 */
public record ShardReconnectingEvent(int shardId, String cause, int closeCode, String detail, boolean resume) {
}
