package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * MESSAGE_REACTION_REMOVE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param userId the {@code user_id} field
 * @param channelId the {@code channel_id} field
 * @param messageId the {@code message_id} field
 * @param guildId the {@code guild_id} field
 * @param emoji the {@code emoji} field
 * @param burst the {@code burst} field
 * @param type the {@code type} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record MessageReactionRemove(
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("message_id") Snowflake messageId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("emoji") Emoji emoji,
		@JsonProperty("burst") Boolean burst,
		@JsonProperty("type") Integer type,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
