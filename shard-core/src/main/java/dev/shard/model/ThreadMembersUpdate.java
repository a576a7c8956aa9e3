package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * THREAD_MEMBERS_UPDATE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param guildId the {@code guild_id} field
 * @param memberCount the {@code member_count} field
 * @param addedMembers the {@code added_members} field
 * @param removedMemberIds the {@code removed_member_ids} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ThreadMembersUpdate(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("member_count") Integer memberCount,
		@JsonProperty("added_members") List<ThreadMember> addedMembers,
		@JsonProperty("removed_member_ids") List<Snowflake> removedMemberIds,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
