package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A poll on a message.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param question the {@code question} field
 * @param answers the {@code answers} field
 * @param expiry the {@code expiry} field
 * @param allowMultiselect the {@code allow_multiselect} field
 * @param layoutType the {@code layout_type} field
 * @param results the {@code results} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Poll(
		@JsonProperty("question") PollMedia question,
		@JsonProperty("answers") List<PollAnswer> answers,
		@JsonProperty("expiry") OffsetDateTime expiry,
		@JsonProperty("allow_multiselect") Boolean allowMultiselect,
		@JsonProperty("layout_type") Integer layoutType,
		@JsonProperty("results") JsonNode results,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
