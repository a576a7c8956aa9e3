package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A message or modal component (layout components nest {@code components}; v2 components such as section carry {@code accessory}).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param type the {@code type} field
 * @param id the {@code id} field
 * @param customId the {@code custom_id} field
 * @param style the {@code style} field
 * @param label the {@code label} field
 * @param emoji the {@code emoji} field
 * @param url the {@code url} field
 * @param skuId the {@code sku_id} field
 * @param disabled the {@code disabled} field
 * @param options the {@code options} field
 * @param placeholder the {@code placeholder} field
 * @param minValues the {@code min_values} field
 * @param maxValues the {@code max_values} field
 * @param minLength the {@code min_length} field
 * @param maxLength the {@code max_length} field
 * @param required the {@code required} field
 * @param value the {@code value} field
 * @param values the {@code values} field
 * @param defaultValues the {@code default_values} field
 * @param channelTypes the {@code channel_types} field
 * @param components the {@code components} field
 * @param component the {@code component} field
 * @param accessory the {@code accessory} field
 * @param content the {@code content} field
 * @param items the {@code items} field
 * @param media the {@code media} field
 * @param spoiler the {@code spoiler} field
 * @param divider the {@code divider} field
 * @param spacing the {@code spacing} field
 * @param file the {@code file} field
 * @param accentColor the {@code accent_color} field
 * @param description the {@code description} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Component(
		@JsonProperty("type") ComponentType type,
		@JsonProperty("id") Integer id,
		@JsonProperty("custom_id") String customId,
		@JsonProperty("style") Integer style,
		@JsonProperty("label") String label,
		@JsonProperty("emoji") Emoji emoji,
		@JsonProperty("url") String url,
		@JsonProperty("sku_id") Snowflake skuId,
		@JsonProperty("disabled") Boolean disabled,
		@JsonProperty("options") List<JsonNode> options,
		@JsonProperty("placeholder") String placeholder,
		@JsonProperty("min_values") Integer minValues,
		@JsonProperty("max_values") Integer maxValues,
		@JsonProperty("min_length") Integer minLength,
		@JsonProperty("max_length") Integer maxLength,
		@JsonProperty("required") Boolean required,
		@JsonProperty("value") String value,
		@JsonProperty("values") List<String> values,
		@JsonProperty("default_values") List<JsonNode> defaultValues,
		@JsonProperty("channel_types") List<Integer> channelTypes,
		@JsonProperty("components") List<Component> components,
		@JsonProperty("component") Component component,
		@JsonProperty("accessory") Component accessory,
		@JsonProperty("content") String content,
		@JsonProperty("items") List<JsonNode> items,
		@JsonProperty("media") JsonNode media,
		@JsonProperty("spoiler") Boolean spoiler,
		@JsonProperty("divider") Boolean divider,
		@JsonProperty("spacing") Integer spacing,
		@JsonProperty("file") JsonNode file,
		@JsonProperty("accent_color") Integer accentColor,
		@JsonProperty("description") String description,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
