package dev.shard.gateway.internal;

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

}
