package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An invite as sent by INVITE_CREATE.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param channelId the {@code channel_id} field
 * @param code the {@code code} field
 * @param createdAt the {@code created_at} field
 * @param guildId the {@code guild_id} field
 * @param inviter the {@code inviter} field
 * @param maxAge the {@code max_age} field
 * @param maxUses the {@code max_uses} field
 * @param targetType the {@code target_type} field
 * @param targetUser the {@code target_user} field
 * @param targetApplication the {@code target_application} field
 * @param temporary the {@code temporary} field
 * @param uses the {@code uses} field
 * @param expiresAt the {@code expires_at} field
 * @param flags the {@code flags} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Invite(
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("code") String code,
		@JsonProperty("created_at") OffsetDateTime createdAt,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("inviter") User inviter,
		@JsonProperty("max_age") Integer maxAge,
		@JsonProperty("max_uses") Integer maxUses,
		@JsonProperty("target_type") Integer targetType,
		@JsonProperty("target_user") User targetUser,
		@JsonProperty("target_application") JsonNode targetApplication,
		@JsonProperty("temporary") Boolean temporary,
		@JsonProperty("uses") Integer uses,
		@JsonProperty("expires_at") OffsetDateTime expiresAt,
		@JsonProperty("flags") Long flags,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
