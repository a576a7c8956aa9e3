package dev.shard.gateway;

import java.time.Duration;

/**
 * The {@code session_start_limit} object of {@code GET /gateway/bot}.
 *
 * @param total session starts allowed per window
 * @param remaining starts left in the current window
 * @param resetAfter time until the window resets
 * @param maxConcurrency identifies allowed per 5-second slot (the number of rate-limit buckets)
 */
public record SessionStartLimit(int total, int remaining, Duration resetAfter, int maxConcurrency) {

	public SessionStartLimit {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
		}
	}

}
