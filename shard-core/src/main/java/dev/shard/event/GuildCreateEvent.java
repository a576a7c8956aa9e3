package dev.shard.event;

import dev.shard.model.Guild;

/**
 * The {@code GUILD_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param guild the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildCreateEvent(DispatchInfo info, Guild guild) implements DispatchEvent<Guild> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_CREATE";

	@Override
	public Guild payload() {
		return this.guild;
	}

}
