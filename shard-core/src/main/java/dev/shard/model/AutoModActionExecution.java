package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * AUTO_MODERATION_ACTION_EXECUTION payload.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param action the {@code action} field
 * @param ruleId the {@code rule_id} field
 * @param ruleTriggerType the {@code rule_trigger_type} field
 * @param userId the {@code user_id} field
 * @param channelId the {@code channel_id} field
 * @param messageId the {@code message_id} field
 * @param alertSystemMessageId the {@code alert_system_message_id} field
 * @param content the {@code content} field
 * @param matchedKeyword the {@code matched_keyword} field
 * @param matchedContent the {@code matched_content} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record AutoModActionExecution(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("action") AutoModAction action,
		@JsonProperty("rule_id") Snowflake ruleId,
		@JsonProperty("rule_trigger_type") Integer ruleTriggerType,
		@JsonProperty("user_id") Snowflake userId,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("message_id") Snowflake messageId,
		@JsonProperty("alert_system_message_id") Snowflake alertSystemMessageId,
		@JsonProperty("content") String content,
		@JsonProperty("matched_keyword") String matchedKeyword,
		@JsonProperty("matched_content") String matchedContent,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
