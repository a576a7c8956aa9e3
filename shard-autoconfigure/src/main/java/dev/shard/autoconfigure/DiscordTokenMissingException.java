package dev.shard.autoconfigure;

/**
 * Thrown at start-up when {@code discord.token} is present but empty (typically an unset environment variable),
 * and no {@link DiscordConnectionDetails} bean supplies a token. {@link DiscordTokenMissingFailureAnalyzer} turns it
 * into advice.
 */
public class DiscordTokenMissingException extends IllegalStateException {

	public DiscordTokenMissingException() {
		super("No Discord bot token is configured: discord.token is empty");
	}

}
