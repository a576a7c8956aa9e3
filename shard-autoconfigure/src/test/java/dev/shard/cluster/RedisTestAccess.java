package dev.shard.cluster;

/** Lets tests in other packages apply the same Redis-present-or-skip rule as {@link RedisTestSupport}. */
public final class RedisTestAccess {

	private RedisTestAccess() {
	}

	public static void requireRedis() {
		RedisTestSupport.requireRedis();
	}

}
