package dev.shard.gateway;

/** A re-shard cannot begin (the reason says why) or was given up; the shards run on in their old layout. */
public class ReshardException extends GatewayException {

	public ReshardException(String message) {
		super(message);
	}

	public ReshardException(String message, Throwable cause) {
		super(message, cause);
	}

}
