package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A thread member (THREAD_MEMBER_UPDATE carries {@code guild_id} too).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param userId the {@code user_id} field
 * @param joinTimestamp the {@code join_timestamp} field
 * @param flags the {@code flags} field
 * @param member the {@code member} field
 * @param presence the {@code presence} field
 * @param guildId the {@code guild_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ThreadMember(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("join_timestamp") OffsetDateTime joinTimestamp,
		@JsonProperty("flags") Long flags,
		@JsonProperty("member") Member member,
		@JsonProperty("presence") Presence presence,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
