package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A guild that is not (yet) available: READY's guilds and GUILD_DELETE ({@code unavailable} absent means the bot left or was removed).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param unavailable the {@code unavailable} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record UnavailableGuild(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("unavailable") Boolean unavailable,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
