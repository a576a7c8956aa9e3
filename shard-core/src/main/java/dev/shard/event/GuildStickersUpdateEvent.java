package dev.shard.event;

import dev.shard.model.GuildStickersUpdate;

/**
 * The {@code GUILD_STICKERS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildStickersUpdateEvent(DispatchInfo info, GuildStickersUpdate update) implements DispatchEvent<GuildStickersUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_STICKERS_UPDATE";

	@Override
	public GuildStickersUpdate payload() {
		return this.update;
	}

}
