package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A message (MESSAGE_CREATE and MESSAGE_UPDATE payload; the gateway adds {@code guild_id}, {@code member} and {@code channel_type}).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param channelId the {@code channel_id} field
 * @param guildId the {@code guild_id} field
 * @param author the {@code author} field
 * @param member the {@code member} field
 * @param content the {@code content} field
 * @param timestamp the {@code timestamp} field
 * @param editedTimestamp the {@code edited_timestamp} field
 * @param tts the {@code tts} field
 * @param mentionEveryone the {@code mention_everyone} field
 * @param mentions the {@code mentions} field
 * @param mentionRoles the {@code mention_roles} field
 * @param mentionChannels the {@code mention_channels} field
 * @param attachments the {@code attachments} field
 * @param embeds the {@code embeds} field
 * @param reactions the {@code reactions} field
 * @param nonce the {@code nonce} field
 * @param pinned the {@code pinned} field
 * @param webhookId the {@code webhook_id} field
 * @param type the {@code type} field
 * @param activity the {@code activity} field
 * @param application the {@code application} field
 * @param applicationId the {@code application_id} field
 * @param flags the {@code flags} field
 * @param messageReference the {@code message_reference} field
 * @param messageSnapshots the {@code message_snapshots} field
 * @param referencedMessage the {@code referenced_message} field
 * @param interactionMetadata the {@code interaction_metadata} field
 * @param interaction the {@code interaction} field
 * @param thread the {@code thread} field
 * @param components the {@code components} field
 * @param stickerItems the {@code sticker_items} field
 * @param stickers the {@code stickers} field
 * @param position the {@code position} field
 * @param roleSubscriptionData the {@code role_subscription_data} field
 * @param resolved the {@code resolved} field
 * @param poll the {@code poll} field
 * @param call the {@code call} field
 * @param channelType the {@code channel_type} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Message(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("author") User author,
		@JsonProperty("member") Member member,
		@JsonProperty("content") String content,
		@JsonProperty("timestamp") OffsetDateTime timestamp,
		@JsonProperty("edited_timestamp") OffsetDateTime editedTimestamp,
		@JsonProperty("tts") Boolean tts,
		@JsonProperty("mention_everyone") Boolean mentionEveryone,
		@JsonProperty("mentions") List<User> mentions,
		@JsonProperty("mention_roles") List<Snowflake> mentionRoles,
		@JsonProperty("mention_channels") List<JsonNode> mentionChannels,
		@JsonProperty("attachments") List<Attachment> attachments,
		@JsonProperty("embeds") List<Embed> embeds,
		@JsonProperty("reactions") List<Reaction> reactions,
		@JsonProperty("nonce") JsonNode nonce,
		@JsonProperty("pinned") Boolean pinned,
		@JsonProperty("webhook_id") Snowflake webhookId,
		@JsonProperty("type") MessageType type,
		@JsonProperty("activity") JsonNode activity,
		@JsonProperty("application") JsonNode application,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("flags") Long flags,
		@JsonProperty("message_reference") MessageReference messageReference,
		@JsonProperty("message_snapshots") List<JsonNode> messageSnapshots,
		@JsonProperty("referenced_message") Message referencedMessage,
		@JsonProperty("interaction_metadata") JsonNode interactionMetadata,
		@JsonProperty("interaction") JsonNode interaction,
		@JsonProperty("thread") Channel thread,
		@JsonProperty("components") List<Component> components,
		@JsonProperty("sticker_items") List<StickerItem> stickerItems,
		@JsonProperty("stickers") List<Sticker> stickers,
		@JsonProperty("position") Integer position,
		@JsonProperty("role_subscription_data") JsonNode roleSubscriptionData,
		@JsonProperty("resolved") JsonNode resolved,
		@JsonProperty("poll") Poll poll,
		@JsonProperty("call") JsonNode call,
		@JsonProperty("channel_type") Integer channelType,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
