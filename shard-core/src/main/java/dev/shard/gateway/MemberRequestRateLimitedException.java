package dev.shard.gateway;

import java.time.Duration;

/**
 * The gateway answered a Request Guild Members (op 8) with a {@code RATE_LIMITED} dispatch: all-members requests
 * are limited to one per guild every 30 seconds. The socket stays open; retry after {@link #retryAfter()}.
 */
public class MemberRequestRateLimitedException extends GatewayException {

	private final long guildId;

	private final Duration retryAfter;

	public MemberRequestRateLimitedException(long guildId, Duration retryAfter) {
		super("Request Guild Members for guild " + Long.toUnsignedString(guildId) + " was rate limited; retry after "
				+ retryAfter.toMillis() + " ms");
		this.guildId = guildId;
		this.retryAfter = retryAfter;
	}

	public long guildId() {
		return this.guildId;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
