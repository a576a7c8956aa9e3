package dev.shard.autoconfigure.endpoint;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ReshardCoordinator;
import dev.shard.gateway.Shard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link DiscordEndpoint}. Like every endpoint it needs to be available (access not
 * {@code none}, and exposed over HTTP or JMX) for the bean to exist.
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class)
@ConditionalOnClass({ Shard.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(GatewayShards.class)
public final class DiscordEndpointAutoConfiguration {

	DiscordEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	DiscordEndpoint discordEndpoint(GatewayShards shards, ObjectProvider<ReshardCoordinator> coordinator) {
		return new DiscordEndpoint(shards, coordinator.getIfAvailable());
	}

}
