package dev.shard.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Where a shard connects: the URL of a connection (with {@code v}, {@code encoding} and {@code compress}, see
 * <a href="https://discord.com/developers/docs/events/gateway#connecting">Connecting</a>) and the check that the
 * token never travels over plain {@code ws://} beyond loopback.
 */
final class GatewayUrls {

	private GatewayUrls() {
	}

	/** The URL to open on {@code base} (the main gateway URL or {@code resume_gateway_url}). */
	static URI connectionUri(String base, ShardConfig config) {
		URI u = URI.create(base);
		String path = (u.getRawPath() == null || u.getRawPath().isEmpty()) ? "/" : u.getRawPath();
		String compress = switch (config.compression()) {
			case NONE -> "";
			case ZLIB_STREAM -> "&compress=zlib-stream";
			case ZSTD_STREAM -> "&compress=zstd-stream";
		};
		try {
			return new URI(u.getScheme() + "://" + u.getRawAuthority() + path + "?v=" + config.apiVersion()
					+ "&encoding=json" + compress);
		}
		catch (URISyntaxException ex) {
			throw new GatewayException("Invalid gateway URL " + base, ex);
		}
	}

	/** Refuses plain ws:// to anything but loopback (the token travels in Identify). */
	static void check(URI uri, String what, ShardConfig config) {
		String scheme = uri.getScheme();
		if ("wss".equalsIgnoreCase(scheme)) {
			return;
		}
		if (!"ws".equalsIgnoreCase(scheme)) {
			throw new GatewayException(what + " must be a ws:// or wss:// URL, was " + uri);
		}
		if (config.allowInsecureGateway() || isLoopback(uri.getHost())) {
			return;
		}
		throw new GatewayException(what + " " + uri + " is plain ws:// to a non-loopback host; the bot token would "
				+ "travel unencrypted. Use wss:// or set allowInsecureGateway");
	}

	private static boolean isLoopback(String host) {
		if (host == null) {
			return false;
		}
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		String h = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
			return false; // a name other than localhost: do not resolve it here
		}
		try {
			return InetAddress.getByName(h).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
