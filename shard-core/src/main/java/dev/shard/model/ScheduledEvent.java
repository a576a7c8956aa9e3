package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A guild scheduled event.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param guildId the {@code guild_id} field
 * @param channelId the {@code channel_id} field
 * @param creatorId the {@code creator_id} field
 * @param name the {@code name} field
 * @param description the {@code description} field
 * @param scheduledStartTime the {@code scheduled_start_time} field
 * @param scheduledEndTime the {@code scheduled_end_time} field
 * @param privacyLevel the {@code privacy_level} field
 * @param status the {@code status} field
 * @param entityType the {@code entity_type} field
 * @param entityId the {@code entity_id} field
 * @param entityMetadata the {@code entity_metadata} field
 * @param creator the {@code creator} field
 * @param userCount the {@code user_count} field
 * @param image the {@code image} field
 * @param recurrenceRule the {@code recurrence_rule} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ScheduledEvent(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("creator_id") Snowflake creatorId,
		@JsonProperty("name") String name,
		@JsonProperty("description") String description,
		@JsonProperty("scheduled_start_time") OffsetDateTime scheduledStartTime,
		@JsonProperty("scheduled_end_time") OffsetDateTime scheduledEndTime,
		@JsonProperty("privacy_level") Integer privacyLevel,
		@JsonProperty("status") Integer status,
		@JsonProperty("entity_type") Integer entityType,
		@JsonProperty("entity_id") Snowflake entityId,
		@JsonProperty("entity_metadata") JsonNode entityMetadata,
		@JsonProperty("creator") User creator,
		@JsonProperty("user_count") Integer userCount,
		@JsonProperty("image") String image,
		@JsonProperty("recurrence_rule") JsonNode recurrenceRule,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
