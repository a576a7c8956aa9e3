package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * READY payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param v the {@code v} field
 * @param user the {@code user} field
 * @param guilds the {@code guilds} field
 * @param sessionId the {@code session_id} field
 * @param resumeGatewayUrl the {@code resume_gateway_url} field
 * @param shard the {@code shard} field
 * @param application the {@code application} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Ready(
		@JsonProperty("v") Integer v,
		@JsonProperty("user") User user,
		@JsonProperty("guilds") List<UnavailableGuild> guilds,
		@JsonProperty("session_id") String sessionId,
		@JsonProperty("resume_gateway_url") String resumeGatewayUrl,
		@JsonProperty("shard") List<Integer> shard,
		@JsonProperty("application") Application application,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
