package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A reaction on a message.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param count the {@code count} field
 * @param countDetails the {@code count_details} field
 * @param me the {@code me} field
 * @param meBurst the {@code me_burst} field
 * @param emoji the {@code emoji} field
 * @param burstColors the {@code burst_colors} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Reaction(
		@JsonProperty("count") Integer count,
		@JsonProperty("count_details") JsonNode countDetails,
		@JsonProperty("me") Boolean me,
		@JsonProperty("me_burst") Boolean meBurst,
		@JsonProperty("emoji") Emoji emoji,
		@JsonProperty("burst_colors") List<String> burstColors,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
