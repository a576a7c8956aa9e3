package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * GUILD_MEMBER_REMOVE payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param user the {@code user} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record GuildMemberRemove(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("user") User user,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
