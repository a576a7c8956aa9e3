package dev.shard.autoconfigure.redis;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health ({@code discordCluster}) and meters ({@code discord.cluster.*}) of the Redis coordination, when it is
 * active ({@link ClusterStatus} bean) and actuator / Micrometer are present. The health check is off with
 * {@code management.health.discordcluster.enabled=false}; the meters with {@code discord.metrics.enabled=false}.
 */
@AutoConfiguration(after = { DiscordRedisAutoConfiguration.class, DiscordRedisLeaseAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(name = { "io.lettuce.core.RedisClient", "dev.shard.cluster.ClusterRedisClient" })
@ConditionalOnBean(ClusterStatus.class)
public final class DiscordClusterObservabilityAutoConfiguration {

	DiscordClusterObservabilityAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("discordcluster")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discordClusterHealthIndicator")
		DiscordClusterHealthIndicator discordClusterHealthIndicator(ClusterStatus status) {
			return new DiscordClusterHealthIndicator(status);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "discord.metrics.enabled", matchIfMissing = true)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DiscordClusterMetrics discordClusterMetrics(ClusterStatus status, MeterRegistry registry) {
			DiscordClusterMetrics metrics = new DiscordClusterMetrics(status);
			metrics.bindTo(registry);
			return metrics;
		}

	}

}
