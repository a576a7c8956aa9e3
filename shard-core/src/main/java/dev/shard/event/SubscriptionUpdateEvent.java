package dev.shard.event;

import dev.shard.model.Subscription;

/**
 * The {@code SUBSCRIPTION_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param subscription the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record SubscriptionUpdateEvent(DispatchInfo info, Subscription subscription) implements DispatchEvent<Subscription> {

	/** The dispatch type name. */
	public static final String TYPE = "SUBSCRIPTION_UPDATE";

	@Override
	public Subscription payload() {
		return this.subscription;
	}

}
