package dev.shard.gateway.internal;

import dev.shard.gateway.Compression;
import io.netty.buffer.ByteBuf;

/**
 * Turns WebSocket binary messages into whole gateway messages (UTF-8 JSON). One instance per connection, used
 * from that connection's I/O thread only.
 */
public interface InboundDecoder extends AutoCloseable {

	/**
	 * Feed one binary WebSocket message.
	 * @param message the message content (not retained)
	 * @return the complete decoded gateway message, or {@code null} if more input is needed
	 * @throws InboundDecodeException if the input is corrupt or inflates beyond the cap
	 */
	byte[] decode(ByteBuf message);

	/** Free native resources (inflater, zstd context). */
	@Override
	void close();

	/**
	 * A fresh decoder for one connection.
	 * @param compression the transport compression
	 * @param maxSize the cap on one message, compressed and inflated
	 * @return the decoder
	 */
	static InboundDecoder create(Compression compression, int maxSize) {
		return switch (compression) {
			case NONE -> new PlainDecoder(maxSize);
			case ZLIB_STREAM -> new ZlibStreamDecoder(maxSize);
			case ZSTD_STREAM -> ZstdSupport.decoder(maxSize);
		};
	}

	/** Copies a message out of a Netty buffer, enforcing the cap. */
	static byte[] copy(ByteBuf message, int maxSize) {
		int n = message.readableBytes();
		if (n > maxSize) {
			throw new InboundDecodeException("Inbound message of " + n + " bytes exceeds the cap of " + maxSize);
		}
		byte[] bytes = new byte[n];
		message.getBytes(message.readerIndex(), bytes);
		return bytes;
	}

}
