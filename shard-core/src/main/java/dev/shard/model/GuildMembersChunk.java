package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * GUILD_MEMBERS_CHUNK payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param members the {@code members} field
 * @param chunkIndex the {@code chunk_index} field
 * @param chunkCount the {@code chunk_count} field
 * @param notFound the {@code not_found} field
 * @param presences the {@code presences} field
 * @param nonce the {@code nonce} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record GuildMembersChunk(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("members") List<Member> members,
		@JsonProperty("chunk_index") Integer chunkIndex,
		@JsonProperty("chunk_count") Integer chunkCount,
		@JsonProperty("not_found") List<JsonNode> notFound,
		@JsonProperty("presences") List<Presence> presences,
		@JsonProperty("nonce") String nonce,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
