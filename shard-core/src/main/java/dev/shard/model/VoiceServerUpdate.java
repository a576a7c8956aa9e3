package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * VOICE_SERVER_UPDATE payload. {@code token} is masked in toString().
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param token the {@code token} field
 * @param guildId the {@code guild_id} field
 * @param endpoint the {@code endpoint} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record VoiceServerUpdate(
		@JsonProperty("token") String token,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("endpoint") String endpoint,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

	@Override
	public String toString() {
		// secrets stay out of logs
		return "VoiceServerUpdate[" + "token=" + (token != null ? "[redacted]" : "null") + ", " + "guildId=" + guildId + ", " + "endpoint=" + endpoint + ", " + "extra=" + extra + "]";
	}

}
