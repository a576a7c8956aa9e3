package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A voice state (VOICE_STATE_UPDATE payload; in GUILD_CREATE without guild_id).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param channelId the {@code channel_id} field
 * @param userId the {@code user_id} field
 * @param member the {@code member} field
 * @param sessionId the {@code session_id} field
 * @param deaf the {@code deaf} field
 * @param mute the {@code mute} field
 * @param selfDeaf the {@code self_deaf} field
 * @param selfMute the {@code self_mute} field
 * @param selfStream the {@code self_stream} field
 * @param selfVideo the {@code self_video} field
 * @param suppress the {@code suppress} field
 * @param requestToSpeakTimestamp the {@code request_to_speak_timestamp} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record VoiceState(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("member") Member member,
		@JsonProperty("session_id") String sessionId,
		@JsonProperty("deaf") Boolean deaf,
		@JsonProperty("mute") Boolean mute,
		@JsonProperty("self_deaf") Boolean selfDeaf,
		@JsonProperty("self_mute") Boolean selfMute,
		@JsonProperty("self_stream") Boolean selfStream,
		@JsonProperty("self_video") Boolean selfVideo,
		@JsonProperty("suppress") Boolean suppress,
		@JsonProperty("request_to_speak_timestamp") OffsetDateTime requestToSpeakTimestamp,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
