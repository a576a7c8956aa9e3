package dev.shard.gateway.internal;

import dev.shard.gateway.GatewayException;

/**
 * An inbound message could not be decoded (corrupt compressed stream, or larger than the configured cap after
 * inflating). The connection's decompression context is unusable afterwards, so the shard reconnects.
 */
public final class InboundDecodeException extends GatewayException {

	public InboundDecodeException(String message) {
		super(message);
	}

	public InboundDecodeException(String message, Throwable cause) {
		super(message, cause);
	}

}
