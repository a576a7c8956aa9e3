package dev.shard.gateway.internal;

/**
 * An inbound message could not be decoded (corrupt compressed stream, or larger than the configured cap after
 * inflating). The connection's decompression context is unusable afterwards, so the shard reconnects.
 * Unchecked and internal: the API side turns it into a {@code GatewayException} where it surfaces.
 */
public final class InboundDecodeException extends RuntimeException {

	public InboundDecodeException(String message) {
		super(message);
	}

	public InboundDecodeException(String message, Throwable cause) {
		super(message, cause);
	}

}
