package dev.shard.autoconfigure;

import dev.shard.gateway.ShardConfig;

/**
 * Callback to customise the {@link ShardConfig} of the auto-configured shards beyond what properties express (an
 * observer, a custom {@code JsonMapper}, identify properties, ...). Applied in {@code @Order} after the properties,
 * when the shards start.
 */
@FunctionalInterface
public interface ShardConfigCustomizer {

	/**
	 * Customise the builder.
	 * @param builder the builder, with the properties applied
	 */
	void customize(ShardConfig.Builder builder);

}
