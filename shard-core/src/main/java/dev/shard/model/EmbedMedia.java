package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Embed image, thumbnail or video.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param url the {@code url} field
 * @param proxyUrl the {@code proxy_url} field
 * @param height the {@code height} field
 * @param width the {@code width} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record EmbedMedia(
		@JsonProperty("url") String url,
		@JsonProperty("proxy_url") String proxyUrl,
		@JsonProperty("height") Integer height,
		@JsonProperty("width") Integer width,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
