package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A presence (PRESENCE_UPDATE payload; {@code user} may hold only {@code id}). What a bot sends about itself is
 * {@code dev.shard.gateway.UpdatePresence}, a different object.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param user the {@code user} field
 * @param guildId the {@code guild_id} field
 * @param status the {@code status} field
 * @param activities the {@code activities} field
 * @param clientStatus the {@code client_status} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Presence(
		@JsonProperty("user") User user,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("status") String status,
		@JsonProperty("activities") List<Activity> activities,
		@JsonProperty("client_status") ClientStatus clientStatus,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
