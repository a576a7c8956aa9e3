package dev.shard.event;

import dev.shard.model.GuildMemberUpdate;

/**
 * The {@code GUILD_MEMBER_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildMemberUpdateEvent(DispatchInfo info, GuildMemberUpdate update) implements DispatchEvent<GuildMemberUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_MEMBER_UPDATE";

	@Override
	public GuildMemberUpdate payload() {
		return this.update;
	}

}
