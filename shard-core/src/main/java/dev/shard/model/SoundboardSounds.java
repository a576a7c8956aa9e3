package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * GUILD_SOUNDBOARD_SOUNDS_UPDATE and SOUNDBOARD_SOUNDS payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param soundboardSounds the {@code soundboard_sounds} field
 * @param guildId the {@code guild_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record SoundboardSounds(
		@JsonProperty("soundboard_sounds") List<SoundboardSound> soundboardSounds,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
