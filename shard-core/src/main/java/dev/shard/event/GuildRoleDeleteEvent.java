package dev.shard.event;

import dev.shard.model.GuildRoleDelete;

/**
 * The {@code GUILD_ROLE_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param deletion the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildRoleDeleteEvent(DispatchInfo info, GuildRoleDelete deletion) implements DispatchEvent<GuildRoleDelete> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_ROLE_DELETE";

	@Override
	public GuildRoleDelete payload() {
		return this.deletion;
	}

}
