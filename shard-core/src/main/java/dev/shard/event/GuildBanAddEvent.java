package dev.shard.event;

import dev.shard.model.GuildBan;

/**
 * The {@code GUILD_BAN_ADD} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param ban the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildBanAddEvent(DispatchInfo info, GuildBan ban) implements DispatchEvent<GuildBan> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_BAN_ADD";

	@Override
	public GuildBan payload() {
		return this.ban;
	}

}
