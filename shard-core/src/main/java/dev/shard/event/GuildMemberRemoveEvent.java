package dev.shard.event;

import dev.shard.model.GuildMemberRemove;

/**
 * The {@code GUILD_MEMBER_REMOVE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param removal the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildMemberRemoveEvent(DispatchInfo info, GuildMemberRemove removal) implements DispatchEvent<GuildMemberRemove> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_MEMBER_REMOVE";

	@Override
	public GuildMemberRemove payload() {
		return this.removal;
	}

}
