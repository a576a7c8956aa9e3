package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An option of an application command interaction (nested for subcommands).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param name the {@code name} field
 * @param type the {@code type} field
 * @param value the {@code value} field
 * @param options the {@code options} field
 * @param focused the {@code focused} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record CommandOption(
		@JsonProperty("name") String name,
		@JsonProperty("type") Integer type,
		@JsonProperty("value") JsonNode value,
		@JsonProperty("options") List<CommandOption> options,
		@JsonProperty("focused") Boolean focused,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
