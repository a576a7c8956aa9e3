package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The partial application in READY.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param flags the {@code flags} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Application(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("flags") Long flags,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
