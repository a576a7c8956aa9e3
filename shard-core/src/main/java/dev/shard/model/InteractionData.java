package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Data of an interaction: command, component or modal submit.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param name the {@code name} field
 * @param type the {@code type} field
 * @param resolved the {@code resolved} field
 * @param options the {@code options} field
 * @param guildId the {@code guild_id} field
 * @param targetId the {@code target_id} field
 * @param customId the {@code custom_id} field
 * @param componentType the {@code component_type} field
 * @param values the {@code values} field
 * @param components the {@code components} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record InteractionData(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("name") String name,
		@JsonProperty("type") Integer type,
		@JsonProperty("resolved") JsonNode resolved,
		@JsonProperty("options") List<CommandOption> options,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("target_id") Snowflake targetId,
		@JsonProperty("custom_id") String customId,
		@JsonProperty("component_type") ComponentType componentType,
		@JsonProperty("values") List<String> values,
		@JsonProperty("components") List<Component> components,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
