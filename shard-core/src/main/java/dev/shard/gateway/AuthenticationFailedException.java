package dev.shard.gateway;

/**
 * Close code 4004: the bot token was rejected; check discord.token (a reset token must be replaced).
 */
public class AuthenticationFailedException extends FatalCloseException {

	public AuthenticationFailedException(int closeCode, String reason) {
		super(closeCode, reason, "the bot token was rejected; check discord.token (a reset token must be replaced)");
	}

}
