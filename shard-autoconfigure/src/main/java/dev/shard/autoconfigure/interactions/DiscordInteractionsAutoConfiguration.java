package dev.shard.autoconfigure.interactions;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.event.EventBinder;
import dev.shard.event.InteractionCreateEvent;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configuration of {@link Interactions}: answering interactions over the gateway (callback and webhook routes
 * on {@code discord.api-base-url}, with WebClient) and the deadline guard, plus its meters when a
 * {@link MeterRegistry} exists, and the HTTP interactions endpoint when {@code discord.interactions.public-key} is
 * set in a WebFlux application. Off with {@code discord.interactions.enabled=false}.
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class,
		afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, InteractionCreateEvent.class })
@ConditionalOnBean(DiscordEventBridge.class)
@ConditionalOnBooleanProperty(name = "discord.interactions.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DiscordInteractionsProperties.class)
public final class DiscordInteractionsAutoConfiguration {

	DiscordInteractionsAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Interactions discordInteractions(DiscordConnectionDetails connectionDetails,
			ObjectProvider<WebClient.Builder> webClientBuilder, DiscordInteractionsProperties properties,
			ObjectProvider<InteractionMetrics> metrics) {
		// interaction routes authenticate by the interaction token in the path: no bot token on these requests
		WebClient client = webClientBuilder.getIfAvailable(WebClient::builder)
			.baseUrl(connectionDetails.apiBaseUrl().toString())
			.build();
		return new Interactions(client, EventBinder.shared().mapper(), properties,
				metrics.getIfAvailable(() -> InteractionMetrics.NONE));
	}

	@Bean
	InteractionListenerTracker discordInteractionListenerTracker(Interactions interactions) {
		return new InteractionListenerTracker(interactions);
	}

	/**
	 * The HTTP interactions endpoint, in a WebFlux application with {@code discord.interactions.public-key} set: a
	 * route for {@code POST discord.interactions.path}. Its full URL is the Interactions Endpoint URL to enter in the
	 * Developer Portal; from then on Discord sends interactions there and no longer over the gateway.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnProperty(prefix = "discord.interactions", name = "public-key")
	static class HttpEndpointConfiguration {

		@Bean
		RouterFunction<ServerResponse> discordInteractionsEndpoint(Interactions interactions, DiscordEventBridge bridge,
				DiscordInteractionsProperties properties) {
			InteractionsEndpoint endpoint = new InteractionsEndpoint(interactions, bridge,
					new InteractionSignatureVerifier(properties.publicKey(), properties.maxSignatureAge()),
					EventBinder.shared(), Schedulers.boundedElastic());
			return RouterFunctions.route(RequestPredicates.POST(properties.path()), endpoint::handle);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "discord.metrics.enabled", matchIfMissing = true)
	static class InteractionMetricsConfiguration {

		@Bean
		MicrometerInteractionMetrics discordInteractionMetrics(MeterRegistry registry) {
			return new MicrometerInteractionMetrics(registry);
		}

	}

}
