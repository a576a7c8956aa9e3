package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A premium subscription.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param userId the {@code user_id} field
 * @param skuIds the {@code sku_ids} field
 * @param entitlementIds the {@code entitlement_ids} field
 * @param renewalSkuIds the {@code renewal_sku_ids} field
 * @param currentPeriodStart the {@code current_period_start} field
 * @param currentPeriodEnd the {@code current_period_end} field
 * @param status the {@code status} field
 * @param canceledAt the {@code canceled_at} field
 * @param country the {@code country} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Subscription(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("sku_ids") List<Snowflake> skuIds,
		@JsonProperty("entitlement_ids") List<Snowflake> entitlementIds,
		@JsonProperty("renewal_sku_ids") List<Snowflake> renewalSkuIds,
		@JsonProperty("current_period_start") OffsetDateTime currentPeriodStart,
		@JsonProperty("current_period_end") OffsetDateTime currentPeriodEnd,
		@JsonProperty("status") Integer status,
		@JsonProperty("canceled_at") OffsetDateTime canceledAt,
		@JsonProperty("country") String country,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
