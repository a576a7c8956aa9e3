package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A channel of any type, threads included (THREAD_CREATE adds {@code newly_created}; THREAD_DELETE sends only id, guild_id, parent_id and type).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param type the {@code type} field
 * @param guildId the {@code guild_id} field
 * @param position the {@code position} field
 * @param permissionOverwrites the {@code permission_overwrites} field
 * @param name the {@code name} field
 * @param topic the {@code topic} field
 * @param nsfw the {@code nsfw} field
 * @param lastMessageId the {@code last_message_id} field
 * @param bitrate the {@code bitrate} field
 * @param userLimit the {@code user_limit} field
 * @param rateLimitPerUser the {@code rate_limit_per_user} field
 * @param recipients the {@code recipients} field
 * @param icon the {@code icon} field
 * @param ownerId the {@code owner_id} field
 * @param applicationId the {@code application_id} field
 * @param managed the {@code managed} field
 * @param parentId the {@code parent_id} field
 * @param lastPinTimestamp the {@code last_pin_timestamp} field
 * @param rtcRegion the {@code rtc_region} field
 * @param videoQualityMode the {@code video_quality_mode} field
 * @param messageCount the {@code message_count} field
 * @param memberCount the {@code member_count} field
 * @param threadMetadata the {@code thread_metadata} field
 * @param member the {@code member} field
 * @param defaultAutoArchiveDuration the {@code default_auto_archive_duration} field
 * @param permissions the {@code permissions} field
 * @param flags the {@code flags} field
 * @param totalMessageSent the {@code total_message_sent} field
 * @param availableTags the {@code available_tags} field
 * @param appliedTags the {@code applied_tags} field
 * @param defaultReactionEmoji the {@code default_reaction_emoji} field
 * @param defaultThreadRateLimitPerUser the {@code default_thread_rate_limit_per_user} field
 * @param defaultSortOrder the {@code default_sort_order} field
 * @param defaultForumLayout the {@code default_forum_layout} field
 * @param newlyCreated the {@code newly_created} field
 * @param status the {@code status} field
 * @param voiceStartTime the {@code voice_start_time} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Channel(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("type") ChannelType type,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("position") Integer position,
		@JsonProperty("permission_overwrites") List<PermissionOverwrite> permissionOverwrites,
		@JsonProperty("name") String name,
		@JsonProperty("topic") String topic,
		@JsonProperty("nsfw") Boolean nsfw,
		@JsonProperty("last_message_id") Snowflake lastMessageId,
		@JsonProperty("bitrate") Integer bitrate,
		@JsonProperty("user_limit") Integer userLimit,
		@JsonProperty("rate_limit_per_user") Integer rateLimitPerUser,
		@JsonProperty("recipients") List<User> recipients,
		@JsonProperty("icon") String icon,
		@JsonProperty("owner_id") Snowflake ownerId,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("managed") Boolean managed,
		@JsonProperty("parent_id") Snowflake parentId,
		@JsonProperty("last_pin_timestamp") OffsetDateTime lastPinTimestamp,
		@JsonProperty("rtc_region") String rtcRegion,
		@JsonProperty("video_quality_mode") Integer videoQualityMode,
		@JsonProperty("message_count") Integer messageCount,
		@JsonProperty("member_count") Integer memberCount,
		@JsonProperty("thread_metadata") ThreadMetadata threadMetadata,
		@JsonProperty("member") ThreadMember member,
		@JsonProperty("default_auto_archive_duration") Integer defaultAutoArchiveDuration,
		@JsonProperty("permissions") String permissions,
		@JsonProperty("flags") Long flags,
		@JsonProperty("total_message_sent") Integer totalMessageSent,
		@JsonProperty("available_tags") List<ForumTag> availableTags,
		@JsonProperty("applied_tags") List<Snowflake> appliedTags,
		@JsonProperty("default_reaction_emoji") JsonNode defaultReactionEmoji,
		@JsonProperty("default_thread_rate_limit_per_user") Integer defaultThreadRateLimitPerUser,
		@JsonProperty("default_sort_order") Integer defaultSortOrder,
		@JsonProperty("default_forum_layout") Integer defaultForumLayout,
		@JsonProperty("newly_created") Boolean newlyCreated,
		@JsonProperty("status") String status,
		@JsonProperty("voice_start_time") Long voiceStartTime,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
