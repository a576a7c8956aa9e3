package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Embed field.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param name the {@code name} field
 * @param value the {@code value} field
 * @param inline the {@code inline} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record EmbedField(
		@JsonProperty("name") String name,
		@JsonProperty("value") String value,
		@JsonProperty("inline") Boolean inline,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
