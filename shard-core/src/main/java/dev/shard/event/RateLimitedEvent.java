package dev.shard.event;

import dev.shard.model.RateLimited;

/**
 * The {@code RATE_LIMITED} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param rateLimited the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record RateLimitedEvent(DispatchInfo info, RateLimited rateLimited) implements DispatchEvent<RateLimited> {

	/** The dispatch type name. */
	public static final String TYPE = "RATE_LIMITED";

	@Override
	public RateLimited payload() {
		return this.rateLimited;
	}

}
