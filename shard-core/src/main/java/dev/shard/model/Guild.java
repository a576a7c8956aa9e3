package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A guild; GUILD_CREATE adds the extra fields joined_at ... soundboard_sounds. In an outage GUILD_CREATE may carry only id and unavailable.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param name the {@code name} field
 * @param icon the {@code icon} field
 * @param iconHash the {@code icon_hash} field
 * @param splash the {@code splash} field
 * @param discoverySplash the {@code discovery_splash} field
 * @param owner the {@code owner} field
 * @param ownerId the {@code owner_id} field
 * @param permissions the {@code permissions} field
 * @param region the {@code region} field
 * @param afkChannelId the {@code afk_channel_id} field
 * @param afkTimeout the {@code afk_timeout} field
 * @param widgetEnabled the {@code widget_enabled} field
 * @param widgetChannelId the {@code widget_channel_id} field
 * @param verificationLevel the {@code verification_level} field
 * @param defaultMessageNotifications the {@code default_message_notifications} field
 * @param explicitContentFilter the {@code explicit_content_filter} field
 * @param roles the {@code roles} field
 * @param emojis the {@code emojis} field
 * @param features the {@code features} field
 * @param mfaLevel the {@code mfa_level} field
 * @param applicationId the {@code application_id} field
 * @param systemChannelId the {@code system_channel_id} field
 * @param systemChannelFlags the {@code system_channel_flags} field
 * @param rulesChannelId the {@code rules_channel_id} field
 * @param maxPresences the {@code max_presences} field
 * @param maxMembers the {@code max_members} field
 * @param vanityUrlCode the {@code vanity_url_code} field
 * @param description the {@code description} field
 * @param banner the {@code banner} field
 * @param premiumTier the {@code premium_tier} field
 * @param premiumSubscriptionCount the {@code premium_subscription_count} field
 * @param preferredLocale the {@code preferred_locale} field
 * @param publicUpdatesChannelId the {@code public_updates_channel_id} field
 * @param maxVideoChannelUsers the {@code max_video_channel_users} field
 * @param maxStageVideoChannelUsers the {@code max_stage_video_channel_users} field
 * @param approximateMemberCount the {@code approximate_member_count} field
 * @param approximatePresenceCount the {@code approximate_presence_count} field
 * @param welcomeScreen the {@code welcome_screen} field
 * @param nsfwLevel the {@code nsfw_level} field
 * @param stickers the {@code stickers} field
 * @param premiumProgressBarEnabled the {@code premium_progress_bar_enabled} field
 * @param safetyAlertsChannelId the {@code safety_alerts_channel_id} field
 * @param incidentsData the {@code incidents_data} field
 * @param joinedAt the {@code joined_at} field
 * @param large the {@code large} field
 * @param unavailable the {@code unavailable} field
 * @param memberCount the {@code member_count} field
 * @param voiceStates the {@code voice_states} field
 * @param members the {@code members} field
 * @param channels the {@code channels} field
 * @param threads the {@code threads} field
 * @param presences the {@code presences} field
 * @param stageInstances the {@code stage_instances} field
 * @param guildScheduledEvents the {@code guild_scheduled_events} field
 * @param soundboardSounds the {@code soundboard_sounds} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Guild(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("name") String name,
		@JsonProperty("icon") String icon,
		@JsonProperty("icon_hash") String iconHash,
		@JsonProperty("splash") String splash,
		@JsonProperty("discovery_splash") String discoverySplash,
		@JsonProperty("owner") Boolean owner,
		@JsonProperty("owner_id") Snowflake ownerId,
		@JsonProperty("permissions") String permissions,
		@JsonProperty("region") String region,
		@JsonProperty("afk_channel_id") Snowflake afkChannelId,
		@JsonProperty("afk_timeout") Integer afkTimeout,
		@JsonProperty("widget_enabled") Boolean widgetEnabled,
		@JsonProperty("widget_channel_id") Snowflake widgetChannelId,
		@JsonProperty("verification_level") Integer verificationLevel,
		@JsonProperty("default_message_notifications") Integer defaultMessageNotifications,
		@JsonProperty("explicit_content_filter") Integer explicitContentFilter,
		@JsonProperty("roles") List<Role> roles,
		@JsonProperty("emojis") List<Emoji> emojis,
		@JsonProperty("features") List<String> features,
		@JsonProperty("mfa_level") Integer mfaLevel,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("system_channel_id") Snowflake systemChannelId,
		@JsonProperty("system_channel_flags") Long systemChannelFlags,
		@JsonProperty("rules_channel_id") Snowflake rulesChannelId,
		@JsonProperty("max_presences") Integer maxPresences,
		@JsonProperty("max_members") Integer maxMembers,
		@JsonProperty("vanity_url_code") String vanityUrlCode,
		@JsonProperty("description") String description,
		@JsonProperty("banner") String banner,
		@JsonProperty("premium_tier") Integer premiumTier,
		@JsonProperty("premium_subscription_count") Integer premiumSubscriptionCount,
		@JsonProperty("preferred_locale") String preferredLocale,
		@JsonProperty("public_updates_channel_id") Snowflake publicUpdatesChannelId,
		@JsonProperty("max_video_channel_users") Integer maxVideoChannelUsers,
		@JsonProperty("max_stage_video_channel_users") Integer maxStageVideoChannelUsers,
		@JsonProperty("approximate_member_count") Integer approximateMemberCount,
		@JsonProperty("approximate_presence_count") Integer approximatePresenceCount,
		@JsonProperty("welcome_screen") JsonNode welcomeScreen,
		@JsonProperty("nsfw_level") Integer nsfwLevel,
		@JsonProperty("stickers") List<Sticker> stickers,
		@JsonProperty("premium_progress_bar_enabled") Boolean premiumProgressBarEnabled,
		@JsonProperty("safety_alerts_channel_id") Snowflake safetyAlertsChannelId,
		@JsonProperty("incidents_data") JsonNode incidentsData,
		@JsonProperty("joined_at") OffsetDateTime joinedAt,
		@JsonProperty("large") Boolean large,
		@JsonProperty("unavailable") Boolean unavailable,
		@JsonProperty("member_count") Integer memberCount,
		@JsonProperty("voice_states") List<VoiceState> voiceStates,
		@JsonProperty("members") List<Member> members,
		@JsonProperty("channels") List<Channel> channels,
		@JsonProperty("threads") List<Channel> threads,
		@JsonProperty("presences") List<Presence> presences,
		@JsonProperty("stage_instances") List<StageInstance> stageInstances,
		@JsonProperty("guild_scheduled_events") List<ScheduledEvent> guildScheduledEvents,
		@JsonProperty("soundboard_sounds") List<SoundboardSound> soundboardSounds,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
