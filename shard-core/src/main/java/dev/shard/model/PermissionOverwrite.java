package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A channel permission overwrite ({@code type} 0 role, 1 member).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param type the {@code type} field
 * @param allow the {@code allow} field
 * @param deny the {@code deny} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record PermissionOverwrite(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("type") JsonNode type,
		@JsonProperty("allow") String allow,
		@JsonProperty("deny") String deny,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
