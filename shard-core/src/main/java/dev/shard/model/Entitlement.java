package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An entitlement (premium offering granted to a user or guild).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param skuId the {@code sku_id} field
 * @param applicationId the {@code application_id} field
 * @param userId the {@code user_id} field
 * @param type the {@code type} field
 * @param deleted the {@code deleted} field
 * @param startsAt the {@code starts_at} field
 * @param endsAt the {@code ends_at} field
 * @param guildId the {@code guild_id} field
 * @param consumed the {@code consumed} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Entitlement(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("sku_id") Snowflake skuId,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("type") Integer type,
		@JsonProperty("deleted") Boolean deleted,
		@JsonProperty("starts_at") OffsetDateTime startsAt,
		@JsonProperty("ends_at") OffsetDateTime endsAt,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("consumed") Boolean consumed,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
