package dev.shard.gateway;

/**
 * Close code 4011: the session would hold too many guilds; use more shards (the recommended count comes from GET /gateway/bot).
 */
public class ShardingRequiredException extends FatalCloseException {

	public ShardingRequiredException(int closeCode, String reason) {
		super(closeCode, reason, "the session would hold too many guilds; use more shards (the recommended count comes from GET /gateway/bot)");
	}

}
