package dev.shard.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a missing bot token and what to set.
 */
class DiscordTokenMissingFailureAnalyzer extends AbstractFailureAnalyzer<DiscordTokenMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DiscordTokenMissingException cause) {
		return new FailureAnalysis(
				"The Discord Gateway client is configured, but no bot token is set: the property 'discord.token' is empty.",
				"Set the bot token from the Discord Developer Portal (Applications > your app > Bot > Reset Token), "
						+ "for example with the environment variable DISCORD_TOKEN (bound to discord.token) or "
						+ "'discord.token: ${DISCORD_TOKEN}' in application.yml. Keep it out of source control. "
						+ "To run without Discord, remove the discord.token property; to point the client at a "
						+ "local gateway simulator, define a DiscordConnectionDetails bean.",
				cause);
	}

}
