package dev.shard.autoconfigure.observation;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.gateway.Shard;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the observations of listener calls ({@value DefaultDiscordListenerObservationConvention#NAME})
 * and gateway connection attempts ({@value DefaultDiscordConnectionObservationConvention#NAME}), when an
 * {@link ObservationRegistry} bean exists (Spring Boot's actuator makes one). Listener calls are observed when Micrometer Tracing has a tracer (a span per handled event), or with
 * {@code discord.observations.listeners.enabled=true}; with meters only, a timer sample on every event would cost
 * more than many listeners do. Connection attempts are always observed. A bean of
 * {@link DiscordListenerObservationConvention} or {@link DiscordConnectionObservationConvention} replaces the default
 * convention; Spring Boot's {@code management.observations.enable.discord=false} turns them off. With
 * {@link ObservationRegistry#NOOP} nothing is installed: listener calls stay as cheap as without Micrometer.
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ Shard.class, ObservationRegistry.class })
@ConditionalOnBean({ DiscordEventBridge.class, ObservationRegistry.class })
@EnableConfigurationProperties(DiscordObservationProperties.class)
public final class DiscordObservationAutoConfiguration {

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	DiscordObservationAutoConfiguration() {
	}

	@Bean
	DiscordListenerObservations discordListenerObservations(ObservationRegistry registry,
			ObjectProvider<DiscordListenerObservationConvention> convention, DiscordEventBridge bridge,
			DiscordObservationProperties properties, ListableBeanFactory beanFactory) {
		DiscordListenerObservations observations = new DiscordListenerObservations(registry,
				convention.getIfUnique());
		Boolean enabled = properties.listeners().enabled();
		if (registry != ObservationRegistry.NOOP && ((enabled != null) ? enabled : hasTracer(beanFactory))) {
			bridge.setListenerInvoker(observations);
		}
		return observations;
	}

	/** Whether Micrometer Tracing is set up: then a span per handled event is what the application wants. */
	static boolean hasTracer(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		if (!ClassUtils.isPresent(TRACER, classLoader)) {
			return false;
		}
		Class<?> tracer = ClassUtils.resolveClassName(TRACER, classLoader);
		return beanFactory.getBeanNamesForType(tracer, true, false).length > 0;
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
