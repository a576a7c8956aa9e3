package dev.shard.autoconfigure.interactions;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of interactions: the HTTP endpoint Discord can POST them to, and the deadline guard.
 *
 * @param publicKey The application's public key from the Developer Portal (64 hex characters). Setting it turns on
 * the HTTP interactions endpoint (in a WebFlux application); every request's Ed25519 signature is checked with it.
 * @param path Path of the HTTP interactions endpoint: its full URL is the "Interactions Endpoint URL" to enter in the
 * Developer Portal.
 * @param autoDefer How long after an interaction's creation the deadline guard defers it if no listener has answered
 * (Discord allows 3 seconds for the first answer). Less than 3 s.
 * @param autoDeferEnabled Whether the deadline guard defers interactions no listener answered in time.
 * @param autoDeferEphemeral Whether an automatic defer of a command makes its later answer visible only to the
 * invoking user.
 * @param maxSignatureAge How far the X-Signature-Timestamp of an HTTP interaction may be from now; older (or newer)
 * requests are refused as replays.
 */
@ConfigurationProperties("discord.interactions")
public record DiscordInteractionsProperties(@Nullable String publicKey,
		@DefaultValue("/discord/interactions") String path, @DefaultValue("2s") Duration autoDefer,
		@DefaultValue("true") boolean autoDeferEnabled, @DefaultValue("false") boolean autoDeferEphemeral,
		@DefaultValue("5m") Duration maxSignatureAge) {

	public DiscordInteractionsProperties {
		if (autoDefer.isNegative() || autoDefer.compareTo(Duration.ofSeconds(3)) >= 0) {
			throw new IllegalArgumentException("discord.interactions.auto-defer must be between 0 and 3 s (Discord's"
					+ " limit for the first answer), not " + autoDefer);
		}
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("discord.interactions.path must start with '/', not " + path);
		}
	}

}
