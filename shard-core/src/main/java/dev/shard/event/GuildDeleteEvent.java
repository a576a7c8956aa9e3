package dev.shard.event;

import dev.shard.model.UnavailableGuild;

/**
 * The {@code GUILD_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param guild the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildDeleteEvent(DispatchInfo info, UnavailableGuild guild) implements DispatchEvent<UnavailableGuild> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_DELETE";

	@Override
	public UnavailableGuild payload() {
		return this.guild;
	}

}
