package dev.shard.gateway;

/**
 * Base of the gateway client's exceptions. Messages never contain the bot token.
 */
public class GatewayException extends RuntimeException {

	public GatewayException(String message) {
		super(message);
	}

	public GatewayException(String message, Throwable cause) {
		super(message, cause);
	}

}
