package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A tag of a forum or media channel.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param name the {@code name} field
 * @param moderated the {@code moderated} field
 * @param emojiId the {@code emoji_id} field
 * @param emojiName the {@code emoji_name} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ForumTag(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("name") String name,
		@JsonProperty("moderated") Boolean moderated,
		@JsonProperty("emoji_id") Snowflake emojiId,
		@JsonProperty("emoji_name") String emojiName,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
