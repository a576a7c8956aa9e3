package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A guild integration (INTEGRATION_CREATE/UPDATE carry guild_id).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param name the {@code name} field
 * @param type the {@code type} field
 * @param enabled the {@code enabled} field
 * @param syncing the {@code syncing} field
 * @param roleId the {@code role_id} field
 * @param enableEmoticons the {@code enable_emoticons} field
 * @param expireBehavior the {@code expire_behavior} field
 * @param expireGracePeriod the {@code expire_grace_period} field
 * @param user the {@code user} field
 * @param account the {@code account} field
 * @param syncedAt the {@code synced_at} field
 * @param subscriberCount the {@code subscriber_count} field
 * @param revoked the {@code revoked} field
 * @param application the {@code application} field
 * @param scopes the {@code scopes} field
 * @param guildId the {@code guild_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Integration(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("name") String name,
		@JsonProperty("type") String type,
		@JsonProperty("enabled") Boolean enabled,
		@JsonProperty("syncing") Boolean syncing,
		@JsonProperty("role_id") Snowflake roleId,
		@JsonProperty("enable_emoticons") Boolean enableEmoticons,
		@JsonProperty("expire_behavior") Integer expireBehavior,
		@JsonProperty("expire_grace_period") Integer expireGracePeriod,
		@JsonProperty("user") User user,
		@JsonProperty("account") JsonNode account,
		@JsonProperty("synced_at") OffsetDateTime syncedAt,
		@JsonProperty("subscriber_count") Integer subscriberCount,
		@JsonProperty("revoked") Boolean revoked,
		@JsonProperty("application") JsonNode application,
		@JsonProperty("scopes") List<String> scopes,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
