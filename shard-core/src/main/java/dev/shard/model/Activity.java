package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A presence activity (the docs say these fields are not validated: decode leniently).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param name the {@code name} field
 * @param type the {@code type} field
 * @param url the {@code url} field
 * @param createdAt the {@code created_at} field
 * @param timestamps the {@code timestamps} field
 * @param applicationId the {@code application_id} field
 * @param statusDisplayType the {@code status_display_type} field
 * @param details the {@code details} field
 * @param detailsUrl the {@code details_url} field
 * @param state the {@code state} field
 * @param stateUrl the {@code state_url} field
 * @param emoji the {@code emoji} field
 * @param party the {@code party} field
 * @param assets the {@code assets} field
 * @param secrets the {@code secrets} field
 * @param instance the {@code instance} field
 * @param flags the {@code flags} field
 * @param buttons the {@code buttons} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Activity(
		@JsonProperty("name") String name,
		@JsonProperty("type") ActivityType type,
		@JsonProperty("url") String url,
		@JsonProperty("created_at") Long createdAt,
		@JsonProperty("timestamps") ActivityTimestamps timestamps,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("status_display_type") Integer statusDisplayType,
		@JsonProperty("details") String details,
		@JsonProperty("details_url") String detailsUrl,
		@JsonProperty("state") String state,
		@JsonProperty("state_url") String stateUrl,
		@JsonProperty("emoji") JsonNode emoji,
		@JsonProperty("party") JsonNode party,
		@JsonProperty("assets") JsonNode assets,
		@JsonProperty("secrets") JsonNode secrets,
		@JsonProperty("instance") Boolean instance,
		@JsonProperty("flags") Long flags,
		@JsonProperty("buttons") JsonNode buttons,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
