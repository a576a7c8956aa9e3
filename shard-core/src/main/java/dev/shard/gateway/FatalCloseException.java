package dev.shard.gateway;

/**
 * The gateway closed the connection with a code that reconnecting cannot fix. The shard stops.
 */
public class FatalCloseException extends GatewayException {

	private final int closeCode;

	private final String reason;

	public FatalCloseException(int closeCode, String reason, String explanation) {
		super("Gateway closed with " + closeCode + ((reason != null && !reason.isEmpty()) ? " (" + reason + ")" : "")
				+ ": " + explanation);
		this.closeCode = closeCode;
		this.reason = reason;
	}

	/** The WebSocket close code. */
	public int closeCode() {
		return this.closeCode;
	}

	/** The close reason the gateway sent, possibly empty. */
	public String reason() {
		return this.reason;
	}

}
