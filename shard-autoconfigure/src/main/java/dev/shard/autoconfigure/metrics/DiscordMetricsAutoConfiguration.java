package dev.shard.autoconfigure.metrics;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ShardConfigCustomizer;
import dev.shard.gateway.Shard;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the {@code discord.gateway.*} meters, when a {@link MeterRegistry} bean exists. Off with
 * {@code discord.metrics.enabled=false}.
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ Shard.class, MeterRegistry.class })
@ConditionalOnBean({ GatewayShards.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "discord.metrics.enabled", matchIfMissing = true)
public final class DiscordMetricsAutoConfiguration {

	DiscordMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DiscordGatewayMetrics discordGatewayMetrics(MeterRegistry registry, GatewayShards shards,
			ObjectProvider<DiscordEventBridge> bridge) {
		DiscordGatewayMetrics metrics = new DiscordGatewayMetrics(registry, shards);
		bridge.ifAvailable((b) -> b.observePublish(metrics::recordDispatchLag));
		return metrics;
	}

	/**
	 * Installs the meters as the shards' observer. Ordered first, so that an application customizer can still
	 * replace (or wrap) the observer.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnMissingBean(name = "discordMetricsShardConfigCustomizer")
	ShardConfigCustomizer discordMetricsShardConfigCustomizer(DiscordGatewayMetrics metrics) {
		return (builder) -> builder.observer(metrics);
	}

}
