package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * THREAD_LIST_SYNC payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param channelIds the {@code channel_ids} field
 * @param threads the {@code threads} field
 * @param members the {@code members} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ThreadListSync(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channel_ids") List<Snowflake> channelIds,
		@JsonProperty("threads") List<Channel> threads,
		@JsonProperty("members") List<ThreadMember> members,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
