package dev.shard.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code discord} health indicator.
 *
 * @param maxReconnecting Number of shards that may be between connections (reconnecting, connecting, identifying or
 * resuming) while the status stays UP; with more, the status is DEGRADED.
 */
@ConfigurationProperties("discord.health")
public record DiscordHealthProperties(@DefaultValue("0") int maxReconnecting) {

}
