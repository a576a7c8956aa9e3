package dev.shard.gateway;

/**
 * An outbound payload is larger than the gateway's 4096-byte limit; it was not sent.
 */
public class PayloadTooLargeException extends GatewayException {

	private final int size;

	public PayloadTooLargeException(int size, int limit) {
		super("Gateway payload of " + size + " bytes exceeds the " + limit + "-byte limit; it was not sent");
		this.size = size;
	}

	public int size() {
		return this.size;
	}

}
