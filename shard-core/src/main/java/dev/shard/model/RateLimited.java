package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * RATE_LIMITED payload (gateway command rate limit, e.g. Request Guild Members).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param opcode the {@code opcode} field
 * @param retryAfter the {@code retry_after} field
 * @param meta the {@code meta} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record RateLimited(
		@JsonProperty("opcode") Integer opcode,
		@JsonProperty("retry_after") Double retryAfter,
		@JsonProperty("meta") JsonNode meta,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
