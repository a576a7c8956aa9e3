package dev.shard.autoconfigure.test;

import java.time.Duration;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.test.simulator.GatewaySimulator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The simulator of {@link AutoConfigureDiscordSimulator}: a {@link GatewaySimulator} bean started with the context
 * and closed with it (after the shards, which depend on it), and the {@link DiscordConnectionDetails} that point the
 * starter at it. Before {@link DiscordAutoConfiguration}, which activates on that bean as it would on a token.
 */
@AutoConfiguration(before = DiscordAutoConfiguration.class)
@ConditionalOnClass(GatewaySimulator.class)
public final class DiscordSimulatorAutoConfiguration {

	/** The token the simulator accepts; any other is refused with 4004, as Discord would. */
	static final String TOKEN = "simulator-token";

	DiscordSimulatorAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	GatewaySimulator discordGatewaySimulator(Environment environment) {
		int shards = environment.getProperty("discord.simulator.shards", Integer.class, 1);
		return GatewaySimulator.builder()
			.token(TOKEN)
			.guilds(environment.getProperty("discord.simulator.guilds", Integer.class, 3))
			.recommendedShards(shards)
			// one bucket per shard: a test's shards identify at once, whatever the starter's identify window
			.maxConcurrency(Math.max(1, shards))
			.heartbeatInterval(environment.getProperty("discord.simulator.heartbeat-interval", Duration.class,
					Duration.ofMillis(41250)))
			.identifyWindow(environment.getProperty("discord.simulator.identify-window", Duration.class,
					Duration.ofMillis(100)))
			.build()
			.start();
	}

	@Bean
	@ConditionalOnMissingBean
	DiscordConnectionDetails discordSimulatorConnectionDetails(GatewaySimulator simulator) {
		return new GatewaySimulatorConnectionDetails(simulator);
	}

}
