package dev.shard.gateway.internal;

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
	 * A fresh decoder for one connection without transport compression (binary messages are copied).
	 * @param maxSize the cap on one message
	 * @return the decoder
	 */
	static InboundDecoder plain(int maxSize) {
		return new PlainDecoder(maxSize);
	}

	/**
	 * A fresh decoder for one {@code zlib-stream} connection.
	 * @param maxSize the cap on one message, compressed and inflated
	 * @return the decoder
	 */
	static InboundDecoder zlibStream(int maxSize) {
		return new ZlibStreamDecoder(maxSize);
	}

	/**
	 * A fresh decoder for one {@code zstd-stream} connection; check {@link ZstdSupport#isAvailable()} first.
	 * @param maxSize the cap on one message, compressed and inflated
	 * @return the decoder
	 */
	static InboundDecoder zstdStream(int maxSize) {
		return new ZstdStreamDecoder(maxSize);
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
