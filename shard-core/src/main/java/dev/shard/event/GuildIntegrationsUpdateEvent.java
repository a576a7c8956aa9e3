package dev.shard.event;

import dev.shard.model.GuildIntegrationsUpdate;

/**
 * The {@code GUILD_INTEGRATIONS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildIntegrationsUpdateEvent(DispatchInfo info, GuildIntegrationsUpdate update) implements DispatchEvent<GuildIntegrationsUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_INTEGRATIONS_UPDATE";

	@Override
	public GuildIntegrationsUpdate payload() {
		return this.update;
	}

}
