package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * MESSAGE_REACTION_ADD payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param userId the {@code user_id} field
 * @param channelId the {@code channel_id} field
 * @param messageId the {@code message_id} field
 * @param guildId the {@code guild_id} field
 * @param member the {@code member} field
 * @param emoji the {@code emoji} field
 * @param messageAuthorId the {@code message_author_id} field
 * @param burst the {@code burst} field
 * @param burstColors the {@code burst_colors} field
 * @param type the {@code type} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record MessageReactionAdd(
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("message_id") Snowflake messageId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("member") Member member,
		@JsonProperty("emoji") Emoji emoji,
		@JsonProperty("message_author_id") Snowflake messageAuthorId,
		@JsonProperty("burst") Boolean burst,
		@JsonProperty("burst_colors") List<String> burstColors,
		@JsonProperty("type") Integer type,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
