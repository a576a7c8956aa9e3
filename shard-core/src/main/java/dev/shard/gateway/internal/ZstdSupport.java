package dev.shard.gateway.internal;

import dev.shard.gateway.GatewayException;

/** Checks for the optional zstd-jni dependency without loading any of its classes. */
public final class ZstdSupport {

	private ZstdSupport() {
	}

	public static boolean isAvailable() {
		try {
			Class.forName("com.github.luben.zstd.ZstdDecompressCtx", false, ZstdSupport.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Fails with a clear message when zstd-stream was chosen but zstd-jni is absent. */
	public static void requireAvailable() {
		if (!isAvailable()) {
			throw new GatewayException("Compression ZSTD_STREAM needs com.github.luben:zstd-jni on the classpath; "
					+ "add it or choose ZLIB_STREAM");
		}
	}

	static InboundDecoder decoder(int maxSize) {
		requireAvailable();
		return new ZstdStreamDecoder(maxSize);
	}

}
