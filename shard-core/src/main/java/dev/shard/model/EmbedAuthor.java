package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Embed author.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param name the {@code name} field
 * @param url the {@code url} field
 * @param iconUrl the {@code icon_url} field
 * @param proxyIconUrl the {@code proxy_icon_url} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record EmbedAuthor(
		@JsonProperty("name") String name,
		@JsonProperty("url") String url,
		@JsonProperty("icon_url") String iconUrl,
		@JsonProperty("proxy_icon_url") String proxyIconUrl,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
