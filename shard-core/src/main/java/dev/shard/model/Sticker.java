package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A sticker.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param packId the {@code pack_id} field
 * @param name the {@code name} field
 * @param description the {@code description} field
 * @param tags the {@code tags} field
 * @param type the {@code type} field
 * @param formatType the {@code format_type} field
 * @param available the {@code available} field
 * @param guildId the {@code guild_id} field
 * @param user the {@code user} field
 * @param sortValue the {@code sort_value} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Sticker(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("pack_id") Snowflake packId,
		@JsonProperty("name") String name,
		@JsonProperty("description") String description,
		@JsonProperty("tags") String tags,
		@JsonProperty("type") Integer type,
		@JsonProperty("format_type") Integer formatType,
		@JsonProperty("available") Boolean available,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("user") User user,
		@JsonProperty("sort_value") Integer sortValue,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
