package dev.shard.autoconfigure.interactions;

import java.time.Duration;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link DiscordInteractionsAutoConfiguration}. The transports themselves are tested against the
 * simulator in {@link InteractionsTransportTests}.
 */
class DiscordInteractionsAutoConfigurationTests {

	/** A valid Ed25519 public key (RFC 8032, test 1). */
	private static final String PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordInteractionsAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.interactions-secret.xyz");

	@Test
	void runShouldProvideInteractionsWithTheDeadlineGuard() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(Interactions.class)
				.hasSingleBean(InteractionListenerTracker.class)
				.doesNotHaveBean(MicrometerInteractionMetrics.class);
			DiscordInteractionsProperties properties = context.getBean(DiscordInteractionsProperties.class);
			assertThat(properties.autoDefer()).hasSeconds(2);
			assertThat(properties.autoDeferEnabled()).isTrue();
			assertThat(properties.path()).isEqualTo("/discord/interactions");
			assertThat(properties.publicKey()).isNull();
		});
	}

	@Test
	void runWithoutTheStarterShouldBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordInteractionsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Interactions.class));
	}

	@Test
	void runWhenDisabledShouldBackOff() {
		this.runner.withPropertyValues("discord.interactions.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Interactions.class));
	}

	@Test
	void runWithoutWebClientShouldBackOff() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Interactions.class));
	}

	@Test
	void runWithAMeterRegistryShouldRegisterTheMeters() {
		this.runner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MicrometerInteractionMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("discord.interactions.auto.deferred").tag("transport", "gateway").counter().count())
				.isZero();
			assertThat(registry.get("discord.interactions.auto.deferred").tag("transport", "http").counter().count())
				.isZero();
		});
	}

	@Test
	void runWithMetricsDisabledShouldNotRegisterTheMeters() {
		this.runner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("discord.metrics.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Interactions.class)
				.doesNotHaveBean(MicrometerInteractionMetrics.class));
	}

	@Test
	void runWithAnAutoDeferOfThreeSecondsOrMoreShouldFail() {
		this.runner.withPropertyValues("discord.interactions.auto-defer=3s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("discord.interactions.auto-defer must be between 0 and 3 s"));
	}

	@Test
	void runWithTheApplicationsOwnInteractionsShouldUseIt() {
		this.runner.withUserConfiguration(OwnInteractionsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Interactions.class);
			assertThat(context.getBean(Interactions.class)).isSameAs(context.getBean("ownInteractions"));
		});
	}

	@Test
	void runInAReactiveWebApplicationWithAPublicKeyShouldOfferTheHttpEndpoint() {
		reactiveRunner().withPropertyValues("discord.interactions.public-key=" + PUBLIC_KEY)
			.run((context) -> assertThat(context).hasNotFailed().hasBean("discordInteractionsEndpoint"));
	}

	@Test
	void runWithoutAPublicKeyShouldNotOfferTheHttpEndpoint() {
		reactiveRunner().run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(Interactions.class)
			.doesNotHaveBean("discordInteractionsEndpoint"));
	}

	@Test
	void runOutsideAReactiveWebApplicationShouldNotOfferTheHttpEndpoint() {
		this.runner.withPropertyValues("discord.interactions.public-key=" + PUBLIC_KEY)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("discordInteractionsEndpoint"));
	}

	@Test
	void runWithAMalformedPublicKeyShouldFailWithAdvice() {
		reactiveRunner().withPropertyValues("discord.interactions.public-key=not-a-key")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("the application's public key from the Developer Portal"));
	}

	private ReactiveWebApplicationContextRunner reactiveRunner() {
		return new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordInteractionsAutoConfiguration.class))
			.withPropertyValues("discord.enabled=false", "discord.token=MTIz.interactions-secret.xyz");
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnInteractionsConfiguration {

		@Bean(destroyMethod = "close")
		Interactions ownInteractions() {
			return new Interactions(WebClient.create("http://127.0.0.1:1"), JsonMapper.shared(),
					new DiscordInteractionsProperties(null, "/i", Duration.ofSeconds(1), true, false,
							Duration.ofMinutes(5)),
					InteractionMetrics.NONE);
		}

	}

}
