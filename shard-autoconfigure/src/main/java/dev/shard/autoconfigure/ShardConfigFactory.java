package dev.shard.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import dev.shard.event.Intent;
import dev.shard.gateway.ShardConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds the {@link ShardConfig} when the shards start: properties, then the computed intents
 * ({@code intents=auto}, from the listened event types), then the customizers.
 */
final class ShardConfigFactory {

	private static final Log logger = LogFactory.getLog(ShardConfigFactory.class);

	private static final long MESSAGE_CONTENT = Intent.MESSAGE_CONTENT.value();

	private final DiscordPropertiesMapper mapper;

	private final ObjectProvider<ShardConfigCustomizer> customizers;

	ShardConfigFactory(DiscordPropertiesMapper mapper, ObjectProvider<ShardConfigCustomizer> customizers) {
		this.mapper = mapper;
		this.customizers = customizers;
	}

	ShardConfig create(Set<String> listenedTypes, boolean rawListened) {
		ShardConfig.Builder builder = this.mapper.toShardConfigBuilder();
		DiscordPropertiesMapper.IntentsSetting setting = this.mapper.intents();
		if (setting.auto()) {
			builder.intents(autoIntents(listenedTypes, rawListened, setting.bits()));
		}
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	static long autoIntents(Set<String> listenedTypes, boolean rawListened, long extras) {
		// every documented non-privileged intent when the raw dispatch stream is listened to
		long computed = rawListened ? GatewayIntents.ALL_NON_PRIVILEGED : GatewayIntents.forEventTypes(listenedTypes);
		long intents = computed | extras;
		String basis = rawListened ? "a raw or catch-all listener (all non-privileged intents)"
				: "listened event types " + new TreeSet<>(listenedTypes);
		logger.info("Discord gateway intents (auto, from " + basis + "): " + GatewayIntents.names(intents) + " = "
				+ intents);
		long privileged = intents & GatewayIntents.PRIVILEGED;
		if (privileged != 0) {
			logger.warn("Discord gateway intents include privileged " + GatewayIntents.names(privileged)
					+ ": enable them in the Developer Portal (Bot > Privileged Gateway Intents) or the gateway"
					+ " closes with 4014");
		}
		if ((intents & MESSAGE_CONTENT) == 0 && (rawListened || listenedTypes.contains("MESSAGE_CREATE"))) {
			logger.info("MESSAGE_CREATE is listened to without the privileged MESSAGE_CONTENT intent: message content"
					+ " is empty except in DMs and mentions; add it with discord.gateway.intents=auto,MESSAGE_CONTENT");
		}
		return intents;
	}

}
