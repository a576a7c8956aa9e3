package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Per-platform status of a presence.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param desktop the {@code desktop} field
 * @param mobile the {@code mobile} field
 * @param web the {@code web} field
 * @param embedded the {@code embedded} field
 * @param vr the {@code vr} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ClientStatus(
		@JsonProperty("desktop") String desktop,
		@JsonProperty("mobile") String mobile,
		@JsonProperty("web") String web,
		@JsonProperty("embedded") String embedded,
		@JsonProperty("vr") String vr,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
