package dev.shard.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import dev.shard.gateway.UpdatePresence;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardSelection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps {@link DiscordProperties} and {@link DiscordConnectionDetails} onto the core's {@link ShardConfig.Builder}, so
 * the gateway core never sees Spring Boot types. Every value is validated up front; a bad one fails start-up with an
 * {@link InvalidConfigurationPropertyValueException} naming the property (Boot's failure analyzer shows where it was
 * set).
 */
final class DiscordPropertiesMapper {

	private static final String PREFIX = "discord.gateway.";

	private final DiscordProperties properties;

	private final DiscordConnectionDetails connectionDetails;

	private final IntentsSetting intents;

	private final OptionalInt totalShards;

	private final ShardSelection shardIds;

	DiscordPropertiesMapper(DiscordProperties properties, DiscordConnectionDetails connectionDetails) {
		this.properties = properties;
		this.connectionDetails = connectionDetails;
		DiscordProperties.Gateway gateway = properties.gateway();
		this.intents = parseIntents(gateway.intents());
		this.totalShards = gateway.shards().determineTotal();
		this.shardIds = gateway.shards().determineIds();
		if (this.totalShards.isPresent()) {
			try {
				this.shardIds.resolve(this.totalShards.getAsInt());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "shards.ids",
						String.join(",", gateway.shards().ids()), ex.getMessage());
			}
		}
		validate(gateway);
		// Build once so that any remaining constraint of the core builder fails at start-up, not at connect time.
		toShardConfigBuilder().build();
	}

	private static void validate(DiscordProperties.Gateway gateway) {
		int largeThreshold = gateway.largeThreshold();
		if (largeThreshold < 50 || largeThreshold > 250) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "large-threshold", largeThreshold,
					"Must be between 50 and 250.");
		}
		if (gateway.deliveryThreads() != null && gateway.deliveryThreads() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "delivery-threads",
					gateway.deliveryThreads(), "Must be at least 1.");
		}
		if (gateway.eventBufferSize() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "event-buffer-size",
					gateway.eventBufferSize(), "Must be at least 1.");
		}
		positive(gateway.helloTimeout(), "hello-timeout");
		positive(gateway.readyTimeout(), "ready-timeout");
		positive(gateway.sessionResumeWindow(), "session-resume-window");
		positive(gateway.shutdownTimeout(), "shutdown-timeout");
		positive(gateway.identifyWindow(), "identify-window");
		positive(gateway.reconnect().initialDelay(), "reconnect.initial-delay");
		positive(gateway.reconnect().maxDelay(), "reconnect.max-delay");
		if (gateway.reconnect().multiplier() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "reconnect.multiplier",
					gateway.reconnect().multiplier(), "Must be at least 1.");
		}
		if (gateway.invalidSessionDelayMin().isNegative()
				|| gateway.invalidSessionDelayMax().compareTo(gateway.invalidSessionDelayMin()) < 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "invalid-session-delay-max",
					gateway.invalidSessionDelayMax(), "Must not be below invalid-session-delay-min, which must not be negative.");
		}
		if (gateway.maxInboundMessageSize().toBytes() < 4096
				|| gateway.maxInboundMessageSize().toBytes() > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-inbound-message-size",
					gateway.maxInboundMessageSize(), "Must be between 4KB and 2GB.");
		}
		String status = gateway.presence().status().toLowerCase(Locale.ROOT);
		if (!List.of("online", "idle", "dnd", "invisible", "offline").contains(status)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "presence.status", status,
					"Must be one of online, idle, dnd, invisible.");
		}
	}

	private static void positive(Duration duration, String name) {
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, duration, "Must be positive.");
		}
	}

	private static IntentsSetting parseIntents(List<String> values) {
		boolean auto = false;
		long bits = 0;
		for (String value : values) {
			for (String part : value.split(",")) {
				String p = part.trim();
				if (p.isEmpty()) {
					continue;
				}
				if (p.equalsIgnoreCase("auto")) {
					auto = true;
				}
				else if (Character.isDigit(p.charAt(0))) {
					try {
						bits |= Long.parseLong(p);
					}
					catch (NumberFormatException ex) {
						throw new InvalidConfigurationPropertyValueException(PREFIX + "intents", p,
								"Not a valid intents number.");
					}
				}
				else {
					Long bit = GatewayIntents.bitOf(p);
					if (bit == null) {
						throw new InvalidConfigurationPropertyValueException(PREFIX + "intents", p,
								"Unknown intent. Use names such as GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT, a number, or 'auto'.");
					}
					bits |= bit;
				}
			}
		}
		return new IntentsSetting(auto || (values.isEmpty()), bits);
	}

	/**
	 * A builder with every property applied. With {@code intents=auto} the intents set here are only the explicitly
	 * named extras; the caller adds the computed ones.
	 * @return a new builder
	 */
	ShardConfig.Builder toShardConfigBuilder() {
		DiscordProperties.Gateway gateway = this.properties.gateway();
		ShardConfig.Builder builder = ShardConfig.builder(this.connectionDetails.token());
		builder.intents(this.intents.bits());
		if (this.connectionDetails.gatewayUrl() != null) {
			builder.gatewayUrl(this.connectionDetails.gatewayUrl());
		}
		builder.compression(gateway.compression());
		builder.largeThreshold(gateway.largeThreshold());
		builder.presence(presence(gateway.presence()));
		builder.eventBufferSize(gateway.eventBufferSize());
		builder.helloTimeout(gateway.helloTimeout());
		builder.readyTimeout(gateway.readyTimeout());
		builder.sessionResumeWindow(gateway.sessionResumeWindow());
		builder.maxInboundMessageSize((int) gateway.maxInboundMessageSize().toBytes());
		builder.reconnectBackoff(new ShardConfig.Backoff(gateway.reconnect().initialDelay(),
				gateway.reconnect().maxDelay(), gateway.reconnect().multiplier()));
		builder.invalidSessionDelay(gateway.invalidSessionDelayMin(), gateway.invalidSessionDelayMax());
		return builder;
	}

	private static @Nullable UpdatePresence presence(DiscordProperties.PresenceProperties presence) {
		String status = presence.status().toLowerCase(Locale.ROOT);
		DiscordProperties.Activity activity = presence.activity();
		boolean hasActivity = activity.name() != null && !activity.name().isBlank();
		if (!hasActivity && status.equals("online")) {
			return null;
		}
		UpdatePresence.Activity a = hasActivity
				? new UpdatePresence.Activity(activity.name(), activity.type(), activity.state(), activity.url())
				: null;
		return UpdatePresence.of(status, a);
	}

	/** The intents setting: {@code auto} (plus named extras) or a fixed bitfield. */
	IntentsSetting intents() {
		return this.intents;
	}

	/** Whether the gateway URL is set (otherwise it is discovered through {@code GET /gateway/bot}). */
	boolean gatewayUrlConfigured() {
		return this.connectionDetails.gatewayUrl() != null;
	}

	/** The configured total shard count, or empty for {@code auto}. */
	OptionalInt totalShards() {
		return this.totalShards;
	}

	/** Which shard ids this process runs. */
	ShardSelection shardIds() {
		return this.shardIds;
	}

	/** The properties mapped. */
	DiscordProperties properties() {
		return this.properties;
	}

	/**
	 * Parsed {@code discord.gateway.intents}.
	 *
	 * @param auto whether to compute the intents from the listened event types
	 * @param bits the explicitly configured intents (extras on top of {@code auto})
	 */
	record IntentsSetting(boolean auto, long bits) {
	}

}
