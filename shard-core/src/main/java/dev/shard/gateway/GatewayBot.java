package dev.shard.gateway;

import java.net.URI;
import java.util.Objects;

/**
 * The answer of {@code GET /gateway/bot}.
 *
 * @param url the WebSocket URL to connect to
 * @param shards the shard count Discord recommends
 * @param sessionStartLimit the session-start budget and {@code max_concurrency}
 */
public record GatewayBot(URI url, int shards, SessionStartLimit sessionStartLimit) {

	public GatewayBot {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(sessionStartLimit, "sessionStartLimit");
		if (shards < 1) {
			throw new IllegalArgumentException("shards must be at least 1, was " + shards);
		}
	}

}
