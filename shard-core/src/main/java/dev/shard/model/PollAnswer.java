package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A poll answer.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param answerId the {@code answer_id} field
 * @param pollMedia the {@code poll_media} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record PollAnswer(
		@JsonProperty("answer_id") Integer answerId,
		@JsonProperty("poll_media") PollMedia pollMedia,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
