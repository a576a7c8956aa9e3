package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Ephemeral data of one channel in CHANNEL_INFO.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param status the {@code status} field
 * @param voiceStartTime the {@code voice_start_time} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ChannelInfoEntry(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("status") String status,
		@JsonProperty("voice_start_time") Long voiceStartTime,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
