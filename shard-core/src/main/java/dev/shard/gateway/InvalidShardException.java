package dev.shard.gateway;

/**
 * Close code 4010: the shard id or shard count is invalid; the id must be below the count, and large bots must use a multiple of their shard multiple.
 */
public class InvalidShardException extends FatalCloseException {

	public InvalidShardException(int closeCode, String reason) {
		super(closeCode, reason, "the shard id or shard count is invalid; the id must be below the count, and large bots must use a multiple of their shard multiple");
	}

}
