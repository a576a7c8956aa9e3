package dev.shard.autoconfigure;

import dev.shard.event.EventBinder;
import dev.shard.gateway.DeliveryThreads;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.SessionStore;
import dev.shard.gateway.Shard;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Auto-configuration of the Discord Gateway client: shards of the configured bot, started with the application,
 * their dispatches published as application events.
 * <p>
 * Active when {@code discord.token} is set (an empty value fails start-up with advice) or a
 * {@link DiscordConnectionDetails} bean exists. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({ Shard.class, HttpClient.class, JsonMapper.class })
@Conditional(DiscordAutoConfiguration.OnTokenOrConnectionDetailsCondition.class)
@EnableConfigurationProperties(DiscordProperties.class)
public final class DiscordAutoConfiguration {

	/** Virtual-thread lanes by default: one per shard for up to this many shards in a process. */
	static final int VIRTUAL_LANES = 1024;

	DiscordAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(DiscordConnectionDetails.class)
	PropertiesDiscordConnectionDetails discordConnectionDetails(DiscordProperties properties) {
		return new PropertiesDiscordConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	DiscordPropertiesMapper discordPropertiesMapper(DiscordProperties properties,
			DiscordConnectionDetails connectionDetails) {
		return new DiscordPropertiesMapper(properties, connectionDetails);
	}

	@Bean
	@ConditionalOnMissingBean
	DiscordEventBridge discordEventBridge(ApplicationContext context, DiscordProperties properties) {
		DiscordEventBridge bridge = new DiscordEventBridge(EventBinder.shared(), context);
		bridge.setInlineDelivery(properties.gateway().inlineDelivery());
		return bridge;
	}

	/** Static: event listener factories are collected before the other beans are created. */
	@Bean
	static DiscordEventListenerFactory discordEventListenerFactory() {
		return new DiscordEventListenerFactory();
	}

	/**
	 * With {@code spring.threads.virtual.enabled=true} (JDK 21 or later): listeners run on virtual threads, one lane
	 * per shard up to {@link #VIRTUAL_LANES} (or {@code delivery-threads} lanes), so a listener that blocks holds up
	 * only its own shard; each shard's dispatches stay in order on its lane.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnThreading(Threading.VIRTUAL)
	DeliveryThreads discordVirtualDeliveryThreads(DiscordPropertiesMapper mapper, DiscordProperties properties) {
		Integer lanes = properties.gateway().deliveryThreads();
		return DeliveryThreads.create((lanes != null) ? lanes : VIRTUAL_LANES, "discord-delivery",
				new VirtualThreadTaskExecutor("discord-delivery-").getVirtualThreadFactory());
	}

	/**
	 * Own listener threads only when sized explicitly; otherwise the shards use the JVM-wide default. The mapper is
	 * a parameter so that the size has been validated (at least 1) before it is used.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "discord.gateway", name = "delivery-threads")
	DeliveryThreads discordDeliveryThreads(DiscordPropertiesMapper mapper, DiscordProperties properties) {
		return DeliveryThreads.create(properties.gateway().deliveryThreads(), "discord-delivery");
	}

	@Bean
	ShardConfigCustomizer discordDeliveryThreadsCustomizer(ObjectProvider<DeliveryThreads> deliveryThreads) {
		return (builder) -> deliveryThreads.ifAvailable(builder::deliveryThreads);
	}

	@Bean
	@ConditionalOnMissingBean(IdentifyRateLimiter.class)
	InMemoryIdentifyRateLimiter discordIdentifyRateLimiter(DiscordProperties properties) {
		return new InMemoryIdentifyRateLimiter(1, properties.gateway().identifyWindow());
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayDiscovery discordGatewayDiscovery(DiscordConnectionDetails connectionDetails,
			DiscordProperties properties) {
		return GatewayDiscovery.builder(connectionDetails.token())
			.apiBase(connectionDetails.apiBaseUrl().toString())
			.backoff(properties.discovery().initialBackoff(), properties.discovery().maxBackoff())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	AutoConfiguredGatewayShards discordGatewayShards(DiscordPropertiesMapper mapper,
			IdentifyRateLimiter identifyRateLimiter, GatewayDiscovery discovery,
			ObjectProvider<ShardManagerCustomizer> managerCustomizers) {
		return new AutoConfiguredGatewayShards(mapper, identifyRateLimiter, discovery, managerCustomizers);
	}

	@Bean
	@ConditionalOnMissingBean
	DiscordGatewayLifecycle discordGatewayLifecycle(AutoConfiguredGatewayShards shards, DiscordEventBridge bridge,
			DiscordPropertiesMapper mapper, ObjectProvider<ShardConfigCustomizer> customizers,
			ApplicationContext context, DiscordProperties properties, ObjectProvider<SessionStore> sessionStore) {
		return new DiscordGatewayLifecycle(shards, bridge, new ShardConfigFactory(mapper, customizers), context,
				properties, sessionStore.getIfAvailable() != null);
	}

	/**
	 * Masks the bot token in actuator output ({@code env}, {@code configprops}) even when values are shown: keys
	 * ending in "token", and any value that contains the configured token (e.g. a command line).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class TokenSanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "discordTokenSanitizingFunction")
		SanitizingFunction discordTokenSanitizingFunction(DiscordConnectionDetails connectionDetails) {
			String token = (connectionDetails.token() != null) ? connectionDetails.token().trim() : "";
			String bare = token.startsWith("Bot ") ? token.substring(4) : token;
			return (data) -> {
				if (data.getLowerCaseKey().endsWith("token")) {
					return data.withSanitizedValue();
				}
				Object value = data.getValue();
				// Short "tokens" (test placeholders) would mask unrelated values.
				if (value != null && bare.length() >= 8 && String.valueOf(value).contains(bare)) {
					return data.withSanitizedValue();
				}
				return data;
			};
		}

	}

	static final class OnTokenOrConnectionDetailsCondition extends AnyNestedCondition {

		OnTokenOrConnectionDetailsCondition() {
			super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "discord", name = "token")
		static final class TokenProperty {

		}

		@ConditionalOnBean(DiscordConnectionDetails.class)
		static final class ConnectionDetailsBean {

		}

	}

}
