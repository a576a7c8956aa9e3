package dev.shard.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where and as whom to connect to Discord. The auto-configuration backs this with {@link DiscordProperties}; define
 * your own bean (e.g. pointing at a local gateway simulator in tests or a dev profile) to replace it.
 */
public interface DiscordConnectionDetails extends ConnectionDetails {

	/**
	 * The bot token, with or without the {@code Bot } prefix. Never log it.
	 * @return the token
	 */
	String token();

	/**
	 * Base URL of the REST API used for gateway discovery, e.g. {@code https://discord.com/api/v10}.
	 * @return the base URL
	 */
	URI apiBaseUrl();

	/**
	 * A gateway URL that overrides the discovered one.
	 * @return the gateway URL, or {@code null} to use {@code GET /gateway/bot}
	 */
	default @Nullable URI gatewayUrl() {
		return null;
	}

}
