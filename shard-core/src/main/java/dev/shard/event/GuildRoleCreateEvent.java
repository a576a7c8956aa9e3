package dev.shard.event;

import dev.shard.model.GuildRole;

/**
 * The {@code GUILD_ROLE_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param guildRole the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildRoleCreateEvent(DispatchInfo info, GuildRole guildRole) implements DispatchEvent<GuildRole> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_ROLE_CREATE";

	@Override
	public GuildRole payload() {
		return this.guildRole;
	}

}
