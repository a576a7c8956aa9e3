package dev.shard.gateway;

import dev.shard.gateway.internal.InboundDecoder;
import dev.shard.gateway.internal.ZstdSupport;

/**
 * Transport compression, sent as the {@code compress} query parameter
 * (<a href="https://discord.com/developers/docs/events/gateway#transport-compression">Transport Compression</a>).
 */
public enum Compression {

	/** Plain JSON text frames. */
	NONE(null),

	/** One zlib context per connection; messages end with {@code 00 00 FF FF}. */
	ZLIB_STREAM("zlib-stream"),

	/** One zstd stream per connection; one gateway message per WebSocket message (needs zstd-jni). */
	ZSTD_STREAM("zstd-stream");

	private final String queryValue;

	Compression(String queryValue) {
		this.queryValue = queryValue;
	}

	/** The {@code compress} query value, or {@code null} for none. */
	public String queryValue() {
		return this.queryValue;
	}

	/** Fails with a clear message when zstd-stream was chosen but zstd-jni is absent. */
	void requireAvailable() {
		if (this == ZSTD_STREAM && !ZstdSupport.isAvailable()) {
			throw new GatewayException("Compression ZSTD_STREAM needs com.github.luben:zstd-jni on the classpath; "
					+ "add it or choose ZLIB_STREAM");
		}
	}

	/**
	 * A fresh decoder for one connection.
	 * @param maxSize the cap on one message, compressed and inflated
	 * @return the decoder
	 */
	InboundDecoder decoder(int maxSize) {
		return switch (this) {
			case NONE -> InboundDecoder.plain(maxSize);
			case ZLIB_STREAM -> InboundDecoder.zlibStream(maxSize);
			case ZSTD_STREAM -> {
				requireAvailable();
				yield InboundDecoder.zstdStream(maxSize);
			}
		};
	}

}
