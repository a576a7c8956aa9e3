package dev.shard.gateway;

/**
 * {@code GET /gateway} or {@code GET /gateway/bot} failed for good (an unexpected status, a body that is not the
 * documented JSON, or retries used up). The message names the status, never the token.
 */
public class GatewayDiscoveryException extends GatewayException {

	private final int status;

	public GatewayDiscoveryException(String message, int status) {
		super(message);
		this.status = status;
	}

	public GatewayDiscoveryException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/** The last HTTP status, or 0 when no response arrived. */
	public int status() {
		return this.status;
	}

}
