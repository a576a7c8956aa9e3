package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * TYPING_START payload ({@code timestamp} in unix seconds).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param channelId the {@code channel_id} field
 * @param guildId the {@code guild_id} field
 * @param userId the {@code user_id} field
 * @param timestamp the {@code timestamp} field
 * @param member the {@code member} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record TypingStart(
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("timestamp") Long timestamp,
		@JsonProperty("member") Member member,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
