package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A custom or unicode emoji (partial in reactions: {@code id} is null for unicode emoji).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param name the {@code name} field
 * @param roles the {@code roles} field
 * @param user the {@code user} field
 * @param requireColons the {@code require_colons} field
 * @param managed the {@code managed} field
 * @param animated the {@code animated} field
 * @param available the {@code available} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Emoji(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("name") String name,
		@JsonProperty("roles") List<Snowflake> roles,
		@JsonProperty("user") User user,
		@JsonProperty("require_colons") Boolean requireColons,
		@JsonProperty("managed") Boolean managed,
		@JsonProperty("animated") Boolean animated,
		@JsonProperty("available") Boolean available,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
