package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildScheduledEventId the {@code guild_scheduled_event_id} field
 * @param userId the {@code user_id} field
 * @param guildId the {@code guild_id} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ScheduledEventUser(
		@JsonProperty("guild_scheduled_event_id") Snowflake guildScheduledEventId,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
