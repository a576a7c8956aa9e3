package dev.shard.event;

import dev.shard.model.GuildRole;

/**
 * The {@code GUILD_ROLE_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param guildRole the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildRoleUpdateEvent(DispatchInfo info, GuildRole guildRole) implements DispatchEvent<GuildRole> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_ROLE_UPDATE";

	@Override
	public GuildRole payload() {
		return this.guildRole;
	}

}
