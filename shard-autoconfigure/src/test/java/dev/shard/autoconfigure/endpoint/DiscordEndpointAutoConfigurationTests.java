package dev.shard.autoconfigure.endpoint;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link DiscordEndpointAutoConfiguration}. The simulator tests call it over HTTP.
 */
class DiscordEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordEndpointAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.endpoint-secret.xyz");

	@Test
	void runWhenExposedShouldCreateEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=discord")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DiscordEndpoint.class);
				DiscordEndpoint.ShardsDescriptor shards = context.getBean(DiscordEndpoint.class).shards();
				assertThat(shards.shards()).isEmpty();
				assertThat(context.getBean(DiscordEndpoint.class).shard(0)).isNull();
			});
	}

	@Test
	void runWhenNotExposedShouldNotCreateEndpoint() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotCreateEndpoint() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=discord",
					"management.endpoint.discord.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldNotCreateEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=discord")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordEndpoint.class));
	}

	@Test
	void runWithoutTokenShouldNotCreateEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=discord")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordEndpoint.class));
	}

}
