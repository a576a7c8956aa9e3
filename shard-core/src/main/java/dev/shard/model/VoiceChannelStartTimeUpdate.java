package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * VOICE_CHANNEL_START_TIME_UPDATE payload ({@code voice_start_time} in unix seconds, null when the call ended).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param guildId the {@code guild_id} field
 * @param voiceStartTime the {@code voice_start_time} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record VoiceChannelStartTimeUpdate(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("voice_start_time") Field<Long> voiceStartTime,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
