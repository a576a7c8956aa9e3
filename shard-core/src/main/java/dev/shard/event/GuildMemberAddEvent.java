package dev.shard.event;

import dev.shard.model.GuildMemberAdd;

/**
 * The {@code GUILD_MEMBER_ADD} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param member the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildMemberAddEvent(DispatchInfo info, GuildMemberAdd member) implements DispatchEvent<GuildMemberAdd> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_MEMBER_ADD";

	@Override
	public GuildMemberAdd payload() {
		return this.member;
	}

}
