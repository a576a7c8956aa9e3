package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A message attachment.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param filename the {@code filename} field
 * @param title the {@code title} field
 * @param description the {@code description} field
 * @param contentType the {@code content_type} field
 * @param size the {@code size} field
 * @param url the {@code url} field
 * @param proxyUrl the {@code proxy_url} field
 * @param height the {@code height} field
 * @param width the {@code width} field
 * @param ephemeral the {@code ephemeral} field
 * @param durationSecs the {@code duration_secs} field
 * @param waveform the {@code waveform} field
 * @param flags the {@code flags} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Attachment(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("filename") String filename,
		@JsonProperty("title") String title,
		@JsonProperty("description") String description,
		@JsonProperty("content_type") String contentType,
		@JsonProperty("size") Long size,
		@JsonProperty("url") String url,
		@JsonProperty("proxy_url") String proxyUrl,
		@JsonProperty("height") Integer height,
		@JsonProperty("width") Integer width,
		@JsonProperty("ephemeral") Boolean ephemeral,
		@JsonProperty("duration_secs") Double durationSecs,
		@JsonProperty("waveform") String waveform,
		@JsonProperty("flags") Long flags,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
