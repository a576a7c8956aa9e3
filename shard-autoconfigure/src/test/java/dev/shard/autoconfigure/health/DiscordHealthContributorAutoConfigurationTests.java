package dev.shard.autoconfigure.health;

import java.util.Map;
import java.util.Set;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link DiscordHealthContributorAutoConfiguration} and the DEGRADED status defaults. The shards are
 * not started here ({@code discord.enabled=false}).
 */
class DiscordHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class,
				DiscordHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.health-secret.xyz");

	@Test
	void runShouldCreateIndicatorNamedDiscord() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(DiscordHealthIndicator.class);
			assertThat(context).hasBean("discordHealthIndicator");
			// The registry strips the suffix: the component is "discord".
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("discord"))
				.isSameAs(context.getBean(DiscordHealthIndicator.class));
			// Not started: no shard yet, so nothing to judge.
			Health health = context.getBean(DiscordHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("total", 0);
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.runner.withPropertyValues("management.health.discord.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordHealthIndicator.class));
	}

	@Test
	void runWhenDefaultsDisabledShouldNotCreateIndicator() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordHealthIndicator.class));
	}

	@Test
	void runWhenDefaultsDisabledButDiscordEnabledShouldCreateIndicator() {
		this.runner
			.withPropertyValues("management.health.defaults.enabled=false", "management.health.discord.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(DiscordHealthIndicator.class));
	}

	@Test
	void runWithoutTokenShouldNotCreateIndicator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class,
					DiscordHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordHealthIndicator.class));
	}

	@Test
	void runWithoutSpringBootHealthShouldNotCreateIndicator() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordHealthIndicator.class));
	}

	@Test
	void runWithUserIndicatorShouldBackOff() {
		this.runner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(DiscordHealthIndicator.class);
			assertThat(context.getBean("discordHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Test
	void maxReconnectingShouldBind() {
		this.runner.withPropertyValues("discord.health.max-reconnecting=3")
			.run((context) -> assertThat(context.getBean(DiscordHealthProperties.class).maxReconnecting())
				.isEqualTo(3));
	}

	@Test
	void environmentPostProcessorShouldBeRegistered() {
		// Other processors need constructor arguments: skip those that cannot be created here.
		var processors = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(org.springframework.boot.EnvironmentPostProcessor.class, null, (type, name, failure) -> {
			});
		assertThat(processors).anyMatch((p) -> p instanceof DiscordHealthStatusEnvironmentPostProcessor);
	}

	@Test
	void degradedShouldRankBetweenOutOfServiceAndUpAndMapTo200() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withInitializer((context) -> new DiscordHealthStatusEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
			.run((context) -> {
				StatusAggregator aggregator = context.getBean(StatusAggregator.class);
				Status degraded = DiscordHealthIndicator.DEGRADED;
				assertThat(aggregator.getAggregateStatus(Set.of(Status.UP, degraded))).isEqualTo(degraded);
				assertThat(aggregator.getAggregateStatus(Set.of(Status.DOWN, degraded))).isEqualTo(Status.DOWN);
				assertThat(aggregator.getAggregateStatus(Set.of(Status.OUT_OF_SERVICE, degraded)))
					.isEqualTo(Status.OUT_OF_SERVICE);
				HttpCodeStatusMapper mapper = context.getBean(HttpCodeStatusMapper.class);
				assertThat(mapper.getStatusCode(degraded)).isEqualTo(200);
				assertThat(mapper.getStatusCode(Status.UP)).isEqualTo(200);
				assertThat(mapper.getStatusCode(Status.DOWN)).isEqualTo(503);
				assertThat(mapper.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
			});
	}

	@Test
	void applicationValuesShouldWinOverTheDefaults() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("management.endpoint.health.status.http-mapping.degraded", 429)));
		new DiscordHealthStatusEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.http-mapping.degraded"))
			.isEqualTo("429");
		assertThat(environment.getProperty("management.endpoint.health.status.order"))
			.isEqualTo("down,out-of-service,degraded,up,unknown");
	}

	@Test
	void defaultsShouldNotBeAddedWhenTheIndicatorIsDisabled() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("management.health.discord.enabled", "false")));
		new DiscordHealthStatusEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order")).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		@Bean
		HealthIndicator discordHealthIndicator() {
			return () -> Health.outOfService().build();
		}

	}

}
