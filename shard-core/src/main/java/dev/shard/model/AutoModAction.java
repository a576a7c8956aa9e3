package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An auto-moderation action.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param type the {@code type} field
 * @param metadata the {@code metadata} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record AutoModAction(
		@JsonProperty("type") Integer type,
		@JsonProperty("metadata") JsonNode metadata,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
