package dev.shard.gateway;

/**
 * Transport compression, sent as the {@code compress} query parameter.
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

}
