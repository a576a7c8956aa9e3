package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;

/**
 * RESUMED payload (usually empty apart from internal fields such as _trace).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *

 * @param extra fields not modelled above, keyed by JSON name
 */
public record Resumed(
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
