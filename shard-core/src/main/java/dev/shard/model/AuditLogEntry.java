package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An audit log entry (GUILD_AUDIT_LOG_ENTRY_CREATE carries guild_id).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param targetId the {@code target_id} field
 * @param changes the {@code changes} field
 * @param userId the {@code user_id} field
 * @param actionType the {@code action_type} field
 * @param options the {@code options} field
 * @param reason the {@code reason} field
 * @param guildId the {@code guild_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record AuditLogEntry(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("target_id") String targetId,
		@JsonProperty("changes") List<JsonNode> changes,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("action_type") Integer actionType,
		@JsonProperty("options") JsonNode options,
		@JsonProperty("reason") String reason,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
