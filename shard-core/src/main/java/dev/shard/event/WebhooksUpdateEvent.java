package dev.shard.event;

import dev.shard.model.WebhooksUpdate;

/**
 * The {@code WEBHOOKS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record WebhooksUpdateEvent(DispatchInfo info, WebhooksUpdate update) implements DispatchEvent<WebhooksUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "WEBHOOKS_UPDATE";

	@Override
	public WebhooksUpdate payload() {
		return this.update;
	}

}
