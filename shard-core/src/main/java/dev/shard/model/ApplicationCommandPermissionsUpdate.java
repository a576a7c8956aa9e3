package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * APPLICATION_COMMAND_PERMISSIONS_UPDATE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param applicationId the {@code application_id} field
 * @param guildId the {@code guild_id} field
 * @param permissions the {@code permissions} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ApplicationCommandPermissionsUpdate(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("permissions") List<CommandPermission> permissions,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
