package dev.shard.gateway;

/**
 * What tests in other modules may read of a {@link Shard} that is not its public API: its configuration, which
 * holds the token (published with the test-jar).
 */
public final class ShardInternals {

	private ShardInternals() {
	}

	/**
	 * The shard's configuration.
	 * @param shard the shard
	 * @return its configuration
	 */
	public static ShardConfig config(Shard shard) {
		return shard.config();
	}

}
