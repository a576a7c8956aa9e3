package dev.shard.autoconfigure;

import dev.shard.gateway.ShardManager;

/**
 * Callback to customise the {@link ShardManager.Builder} of the auto-configured shards when they start, after the
 * properties (shard count, selection, limiter, sinks) were applied. The Redis coordination uses it to hand the
 * shards to its leases ({@link ShardManager.Builder#managedExternally()}). Applied in {@code @Order}.
 */
@FunctionalInterface
public interface ShardManagerCustomizer {

	/**
	 * Customise the builder.
	 * @param builder the builder, with the properties applied
	 */
	void customize(ShardManager.Builder builder);

}
