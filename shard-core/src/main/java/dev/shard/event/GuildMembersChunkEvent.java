package dev.shard.event;

import dev.shard.model.GuildMembersChunk;

/**
 * The {@code GUILD_MEMBERS_CHUNK} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param chunk the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildMembersChunkEvent(DispatchInfo info, GuildMembersChunk chunk) implements DispatchEvent<GuildMembersChunk> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_MEMBERS_CHUNK";

	@Override
	public GuildMembersChunk payload() {
		return this.chunk;
	}

}
