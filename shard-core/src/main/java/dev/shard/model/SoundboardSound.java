package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A soundboard sound.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param name the {@code name} field
 * @param soundId the {@code sound_id} field
 * @param volume the {@code volume} field
 * @param emojiId the {@code emoji_id} field
 * @param emojiName the {@code emoji_name} field
 * @param guildId the {@code guild_id} field
 * @param available the {@code available} field
 * @param user the {@code user} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record SoundboardSound(
		@JsonProperty("name") String name,
		@JsonProperty("sound_id") Snowflake soundId,
		@JsonProperty("volume") Double volume,
		@JsonProperty("emoji_id") Snowflake emojiId,
		@JsonProperty("emoji_name") String emojiName,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("available") Boolean available,
		@JsonProperty("user") User user,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
