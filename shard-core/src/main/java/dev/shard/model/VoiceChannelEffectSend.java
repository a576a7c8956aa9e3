package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * VOICE_CHANNEL_EFFECT_SEND payload ({@code sound_id} may be a snowflake or a small integer).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param channelId the {@code channel_id} field
 * @param guildId the {@code guild_id} field
 * @param userId the {@code user_id} field
 * @param emoji the {@code emoji} field
 * @param animationType the {@code animation_type} field
 * @param animationId the {@code animation_id} field
 * @param soundId the {@code sound_id} field
 * @param soundVolume the {@code sound_volume} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record VoiceChannelEffectSend(
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("emoji") Emoji emoji,
		@JsonProperty("animation_type") Integer animationType,
		@JsonProperty("animation_id") Integer animationId,
		@JsonProperty("sound_id") Snowflake soundId,
		@JsonProperty("sound_volume") Double soundVolume,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
