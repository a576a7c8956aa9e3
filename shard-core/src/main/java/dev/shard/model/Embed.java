package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A message embed.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param title the {@code title} field
 * @param type the {@code type} field
 * @param description the {@code description} field
 * @param url the {@code url} field
 * @param timestamp the {@code timestamp} field
 * @param color the {@code color} field
 * @param footer the {@code footer} field
 * @param image the {@code image} field
 * @param thumbnail the {@code thumbnail} field
 * @param video the {@code video} field
 * @param provider the {@code provider} field
 * @param author the {@code author} field
 * @param fields the {@code fields} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Embed(
		@JsonProperty("title") String title,
		@JsonProperty("type") String type,
		@JsonProperty("description") String description,
		@JsonProperty("url") String url,
		@JsonProperty("timestamp") OffsetDateTime timestamp,
		@JsonProperty("color") Integer color,
		@JsonProperty("footer") EmbedFooter footer,
		@JsonProperty("image") EmbedMedia image,
		@JsonProperty("thumbnail") EmbedMedia thumbnail,
		@JsonProperty("video") EmbedMedia video,
		@JsonProperty("provider") EmbedProvider provider,
		@JsonProperty("author") EmbedAuthor author,
		@JsonProperty("fields") List<EmbedField> fields,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
