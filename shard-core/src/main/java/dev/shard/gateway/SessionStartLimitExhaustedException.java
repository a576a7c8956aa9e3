package dev.shard.gateway;

import java.time.Duration;

/**
 * The daily session-start budget is spent. Identifying anyway would get the bot token reset, so the shard
 * refuses until the budget resets.
 */
public class SessionStartLimitExhaustedException extends GatewayException {

	private final Duration resetAfter;

	public SessionStartLimitExhaustedException(Duration resetAfter) {
		super("The session-start limit is exhausted; no IDENTIFY will be sent until it resets in " + resetAfter);
		this.resetAfter = resetAfter;
	}

	public Duration resetAfter() {
		return this.resetAfter;
	}

}
