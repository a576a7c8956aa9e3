package dev.shard.gateway;

/**
 * Discord answered {@code 401 Unauthorized} to a REST call made with the bot token: the token is wrong or has been
 * reset. Retrying cannot help. The message never contains the token.
 */
public class TokenRejectedException extends GatewayException {

	public TokenRejectedException(String message) {
		super(message);
	}

}
