package dev.shard.gateway.internal;

import io.netty.buffer.ByteBuf;

/** No transport compression: every message is one JSON document. */
final class PlainDecoder implements InboundDecoder {

	private final int maxSize;

	PlainDecoder(int maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	public byte[] decode(ByteBuf message) {
		return InboundDecoder.copy(message, this.maxSize);
	}

	@Override
	public void close() {
	}

}
