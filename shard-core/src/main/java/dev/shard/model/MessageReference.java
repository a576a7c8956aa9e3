package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Reference to another message (reply, forward, crosspost, pin).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param type the {@code type} field
 * @param messageId the {@code message_id} field
 * @param channelId the {@code channel_id} field
 * @param guildId the {@code guild_id} field
 * @param failIfNotExists the {@code fail_if_not_exists} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record MessageReference(
		@JsonProperty("type") Integer type,
		@JsonProperty("message_id") Snowflake messageId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("fail_if_not_exists") Boolean failIfNotExists,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
