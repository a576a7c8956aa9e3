package dev.shard.autoconfigure.observation;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.gateway.Shard;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the observations of listener calls ({@value DefaultDiscordListenerObservationConvention#NAME})
 * and gateway connection attempts ({@value DefaultDiscordConnectionObservationConvention#NAME}), when an
 * {@link ObservationRegistry} bean exists (Spring Boot's actuator makes one). A bean of
 * {@link DiscordListenerObservationConvention} or {@link DiscordConnectionObservationConvention} replaces the default
 * convention; Spring Boot's {@code management.observations.enable.discord=false} turns them off. With
 * {@link ObservationRegistry#NOOP} nothing is installed: listener calls stay as cheap as without Micrometer.
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ Shard.class, ObservationRegistry.class })
@ConditionalOnBean({ DiscordEventBridge.class, ObservationRegistry.class })
public final class DiscordObservationAutoConfiguration {

	DiscordObservationAutoConfiguration() {
	}

	@Bean
	DiscordListenerObservations discordListenerObservations(ObservationRegistry registry,
			ObjectProvider<DiscordListenerObservationConvention> convention, DiscordEventBridge bridge) {
		DiscordListenerObservations observations = new DiscordListenerObservations(registry,
				convention.getIfUnique());
		if (registry != ObservationRegistry.NOOP) {
			bridge.setListenerInvoker(observations);
		}
		return observations;
	}

	@Bean
	DiscordConnectionObservations discordConnectionObservations(ObservationRegistry registry,
			ObjectProvider<DiscordConnectionObservationConvention> convention, DiscordEventBridge bridge) {
		DiscordConnectionObservations observations = new DiscordConnectionObservations(registry,
				convention.getIfUnique());
		if (registry != ObservationRegistry.NOOP) {
			bridge.observeLifecycle(observations);
		}
		return observations;
	}

}
