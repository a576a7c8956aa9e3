package dev.shard.gateway;

/**
 * Close code 4012: the gateway API version is invalid; use version 10.
 */
public class InvalidApiVersionException extends FatalCloseException {

	public InvalidApiVersionException(int closeCode, String reason) {
		super(closeCode, reason, "the gateway API version is invalid; use version 10");
	}

}
