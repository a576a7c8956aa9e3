package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An auto-moderation rule (AUTO_MODERATION_RULE_* payload).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param guildId the {@code guild_id} field
 * @param name the {@code name} field
 * @param creatorId the {@code creator_id} field
 * @param eventType the {@code event_type} field
 * @param triggerType the {@code trigger_type} field
 * @param triggerMetadata the {@code trigger_metadata} field
 * @param actions the {@code actions} field
 * @param enabled the {@code enabled} field
 * @param exemptRoles the {@code exempt_roles} field
 * @param exemptChannels the {@code exempt_channels} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record AutoModRule(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("name") String name,
		@JsonProperty("creator_id") Snowflake creatorId,
		@JsonProperty("event_type") Integer eventType,
		@JsonProperty("trigger_type") Integer triggerType,
		@JsonProperty("trigger_metadata") JsonNode triggerMetadata,
		@JsonProperty("actions") List<AutoModAction> actions,
		@JsonProperty("enabled") Boolean enabled,
		@JsonProperty("exempt_roles") List<Snowflake> exemptRoles,
		@JsonProperty("exempt_channels") List<Snowflake> exemptChannels,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
