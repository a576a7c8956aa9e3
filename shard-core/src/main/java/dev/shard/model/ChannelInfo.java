package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * CHANNEL_INFO payload (answer to Request Channel Info, op 43).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param channels the {@code channels} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ChannelInfo(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channels") List<ChannelInfoEntry> channels,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
