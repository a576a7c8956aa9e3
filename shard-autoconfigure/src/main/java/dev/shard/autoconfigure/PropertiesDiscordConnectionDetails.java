package dev.shard.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * {@link DiscordConnectionDetails} read from {@link DiscordProperties}.
 */
final class PropertiesDiscordConnectionDetails implements DiscordConnectionDetails {

	private final DiscordProperties properties;

	PropertiesDiscordConnectionDetails(DiscordProperties properties) {
		if (properties.token() == null || properties.token().isBlank()) {
			throw new DiscordTokenMissingException();
		}
		this.properties = properties;
	}

	@Override
	public String token() {
		// a token read from a secret file often ends with a newline; Discord would reject it (401, close 4004)
		String token = this.properties.token();
		return (token != null) ? token.strip() : null;
	}

	@Override
	public URI apiBaseUrl() {
		return this.properties.apiBaseUrl();
	}

	@Override
	public @Nullable URI gatewayUrl() {
		return this.properties.gateway().url();
	}

	@Override
	public String toString() {
		return "PropertiesDiscordConnectionDetails[token=[redacted], apiBaseUrl=" + apiBaseUrl() + ", gatewayUrl="
				+ gatewayUrl() + "]";
	}

}
