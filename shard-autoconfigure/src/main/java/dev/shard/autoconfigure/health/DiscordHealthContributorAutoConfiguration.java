package dev.shard.autoconfigure.health;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.Shard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code discord} health indicator. Off with {@code management.health.discord.enabled=false}
 * (or {@code management.health.defaults.enabled=false}).
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class)
@ConditionalOnClass({ Shard.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(GatewayShards.class)
@ConditionalOnEnabledHealthIndicator("discord")
@EnableConfigurationProperties(DiscordHealthProperties.class)
public final class DiscordHealthContributorAutoConfiguration {

	DiscordHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = { "discordHealthIndicator", "discordHealthContributor" })
	DiscordHealthIndicator discordHealthIndicator(GatewayShards shards, ObjectProvider<IdentifyRateLimiter> limiter,
			DiscordHealthProperties properties) {
		return new DiscordHealthIndicator(shards, limiter::getIfUnique, properties.maxReconnecting());
	}

}
