package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A live stage instance.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param guildId the {@code guild_id} field
 * @param channelId the {@code channel_id} field
 * @param topic the {@code topic} field
 * @param privacyLevel the {@code privacy_level} field
 * @param discoverableDisabled the {@code discoverable_disabled} field
 * @param guildScheduledEventId the {@code guild_scheduled_event_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record StageInstance(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("topic") String topic,
		@JsonProperty("privacy_level") Integer privacyLevel,
		@JsonProperty("discoverable_disabled") Boolean discoverableDisabled,
		@JsonProperty("guild_scheduled_event_id") Snowflake guildScheduledEventId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
