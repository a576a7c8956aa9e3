package dev.shard.event;

import dev.shard.model.GuildEmojisUpdate;

/**
 * The {@code GUILD_EMOJIS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildEmojisUpdateEvent(DispatchInfo info, GuildEmojisUpdate update) implements DispatchEvent<GuildEmojisUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_EMOJIS_UPDATE";

	@Override
	public GuildEmojisUpdate payload() {
		return this.update;
	}

}
