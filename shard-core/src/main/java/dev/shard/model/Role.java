package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A guild role.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param name the {@code name} field
 * @param color the {@code color} field
 * @param colors the {@code colors} field
 * @param hoist the {@code hoist} field
 * @param icon the {@code icon} field
 * @param unicodeEmoji the {@code unicode_emoji} field
 * @param position the {@code position} field
 * @param permissions the {@code permissions} field
 * @param managed the {@code managed} field
 * @param mentionable the {@code mentionable} field
 * @param tags the {@code tags} field
 * @param flags the {@code flags} field
 * @param description the {@code description} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Role(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("name") String name,
		@JsonProperty("color") Integer color,
		@JsonProperty("colors") JsonNode colors,
		@JsonProperty("hoist") Boolean hoist,
		@JsonProperty("icon") String icon,
		@JsonProperty("unicode_emoji") String unicodeEmoji,
		@JsonProperty("position") Integer position,
		@JsonProperty("permissions") String permissions,
		@JsonProperty("managed") Boolean managed,
		@JsonProperty("mentionable") Boolean mentionable,
		@JsonProperty("tags") JsonNode tags,
		@JsonProperty("flags") Long flags,
		@JsonProperty("description") String description,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
