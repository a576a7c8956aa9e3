package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Activity start and end (unix milliseconds).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param start the {@code start} field
 * @param end the {@code end} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ActivityTimestamps(
		@JsonProperty("start") Long start,
		@JsonProperty("end") Long end,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
