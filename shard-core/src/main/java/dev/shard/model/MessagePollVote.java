package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * MESSAGE_POLL_VOTE_ADD / _REMOVE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param userId the {@code user_id} field
 * @param channelId the {@code channel_id} field
 * @param messageId the {@code message_id} field
 * @param guildId the {@code guild_id} field
 * @param answerId the {@code answer_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record MessagePollVote(
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("message_id") Snowflake messageId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("answer_id") Integer answerId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
