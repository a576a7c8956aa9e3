package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * CHANNEL_PINS_UPDATE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param channelId the {@code channel_id} field
 * @param lastPinTimestamp the {@code last_pin_timestamp} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ChannelPinsUpdate(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("last_pin_timestamp") Field<OffsetDateTime> lastPinTimestamp,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
