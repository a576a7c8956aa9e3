package dev.shard.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample bot. Without {@code discord.token} (or {@code DISCORD_TOKEN}) it runs on an embedded gateway
 * simulator (see {@code dev.shard.sample.simulator}); with a token it connects to Discord.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleBotApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleBotApplication.class, args);
	}

}
