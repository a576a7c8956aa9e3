package dev.shard.event;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import dev.shard.model.ApplicationCommandPermissionsUpdate;
import dev.shard.model.AuditLogEntry;
import dev.shard.model.AutoModActionExecution;
import dev.shard.model.AutoModRule;
import dev.shard.model.Channel;
import dev.shard.model.ChannelInfo;
import dev.shard.model.ChannelPinsUpdate;
import dev.shard.model.Entitlement;
import dev.shard.model.Guild;
import dev.shard.model.GuildBan;
import dev.shard.model.GuildEmojisUpdate;
import dev.shard.model.GuildIntegrationsUpdate;
import dev.shard.model.GuildMemberAdd;
import dev.shard.model.GuildMemberRemove;
import dev.shard.model.GuildMemberUpdate;
import dev.shard.model.GuildMembersChunk;
import dev.shard.model.GuildRole;
import dev.shard.model.GuildRoleDelete;
import dev.shard.model.GuildStickersUpdate;
import dev.shard.model.Integration;
import dev.shard.model.IntegrationDelete;
import dev.shard.model.Interaction;
import dev.shard.model.Invite;
import dev.shard.model.InviteDelete;
import dev.shard.model.Message;
import dev.shard.model.MessageDelete;
import dev.shard.model.MessageDeleteBulk;
import dev.shard.model.MessagePollVote;
import dev.shard.model.MessageReactionAdd;
import dev.shard.model.MessageReactionRemove;
import dev.shard.model.MessageReactionRemoveAll;
import dev.shard.model.MessageReactionRemoveEmoji;
import dev.shard.model.Presence;
import dev.shard.model.RateLimited;
import dev.shard.model.Ready;
import dev.shard.model.Resumed;
import dev.shard.model.ScheduledEvent;
import dev.shard.model.ScheduledEventUser;
import dev.shard.model.SoundboardSound;
import dev.shard.model.SoundboardSoundDelete;
import dev.shard.model.SoundboardSounds;
import dev.shard.model.StageInstance;
import dev.shard.model.Subscription;
import dev.shard.model.ThreadListSync;
import dev.shard.model.ThreadMember;
import dev.shard.model.ThreadMembersUpdate;
import dev.shard.model.TypingStart;
import dev.shard.model.UnavailableGuild;
import dev.shard.model.User;
import dev.shard.model.VoiceChannelEffectSend;
import dev.shard.model.VoiceChannelStartTimeUpdate;
import dev.shard.model.VoiceChannelStatusUpdate;
import dev.shard.model.VoiceServerUpdate;
import dev.shard.model.VoiceState;
import dev.shard.model.WebhooksUpdate;

/**
 * The registry of the 79 documented dispatch types (see
 * <a href="https://discord.com/developers/docs/events/gateway-events#receive-events">Receive
 * Events</a>) with their payload and event records, factories and gating intents (see
 * <a href="https://discord.com/developers/docs/events/gateway#list-of-intents">List of
 * Intents</a>).
 */
public final class EventTypes {

	private static final Map<String, EventType<?, ?>> TYPES;

	static {
		Map<String, EventType<?, ?>> types = new LinkedHashMap<>();
		for (EventType<?, ?> type : Arrays.asList(
				define(ReadyEvent.TYPE, Ready.class, ReadyEvent.class, ReadyEvent::new),
				define(ResumedEvent.TYPE, Resumed.class, ResumedEvent.class, ResumedEvent::new),
				define(RateLimitedEvent.TYPE, RateLimited.class, RateLimitedEvent.class, RateLimitedEvent::new),
				define(ApplicationCommandPermissionsUpdateEvent.TYPE, ApplicationCommandPermissionsUpdate.class, ApplicationCommandPermissionsUpdateEvent.class, ApplicationCommandPermissionsUpdateEvent::new),
				define(AutoModerationRuleCreateEvent.TYPE, AutoModRule.class, AutoModerationRuleCreateEvent.class, AutoModerationRuleCreateEvent::new, Intent.AUTO_MODERATION_CONFIGURATION),
				define(AutoModerationRuleUpdateEvent.TYPE, AutoModRule.class, AutoModerationRuleUpdateEvent.class, AutoModerationRuleUpdateEvent::new, Intent.AUTO_MODERATION_CONFIGURATION),
				define(AutoModerationRuleDeleteEvent.TYPE, AutoModRule.class, AutoModerationRuleDeleteEvent.class, AutoModerationRuleDeleteEvent::new, Intent.AUTO_MODERATION_CONFIGURATION),
				define(AutoModerationActionExecutionEvent.TYPE, AutoModActionExecution.class, AutoModerationActionExecutionEvent.class, AutoModerationActionExecutionEvent::new, Intent.AUTO_MODERATION_EXECUTION),
				define(ChannelCreateEvent.TYPE, Channel.class, ChannelCreateEvent.class, ChannelCreateEvent::new, Intent.GUILDS),
				define(ChannelUpdateEvent.TYPE, Channel.class, ChannelUpdateEvent.class, ChannelUpdateEvent::new, Intent.GUILDS),
				define(ChannelDeleteEvent.TYPE, Channel.class, ChannelDeleteEvent.class, ChannelDeleteEvent::new, Intent.GUILDS),
				define(ChannelInfoEvent.TYPE, ChannelInfo.class, ChannelInfoEvent.class, ChannelInfoEvent::new),
				define(ChannelPinsUpdateEvent.TYPE, ChannelPinsUpdate.class, ChannelPinsUpdateEvent.class, ChannelPinsUpdateEvent::new, Intent.GUILDS, Intent.DIRECT_MESSAGES),
				define(VoiceChannelStatusUpdateEvent.TYPE, VoiceChannelStatusUpdate.class, VoiceChannelStatusUpdateEvent.class, VoiceChannelStatusUpdateEvent::new, Intent.GUILDS),
				define(VoiceChannelStartTimeUpdateEvent.TYPE, VoiceChannelStartTimeUpdate.class, VoiceChannelStartTimeUpdateEvent.class, VoiceChannelStartTimeUpdateEvent::new, Intent.GUILDS),
				define(ThreadCreateEvent.TYPE, Channel.class, ThreadCreateEvent.class, ThreadCreateEvent::new, Intent.GUILDS),
				define(ThreadUpdateEvent.TYPE, Channel.class, ThreadUpdateEvent.class, ThreadUpdateEvent::new, Intent.GUILDS),
				define(ThreadDeleteEvent.TYPE, Channel.class, ThreadDeleteEvent.class, ThreadDeleteEvent::new, Intent.GUILDS),
				define(ThreadListSyncEvent.TYPE, ThreadListSync.class, ThreadListSyncEvent.class, ThreadListSyncEvent::new, Intent.GUILDS),
				define(ThreadMemberUpdateEvent.TYPE, ThreadMember.class, ThreadMemberUpdateEvent.class, ThreadMemberUpdateEvent::new, Intent.GUILDS),
				define(ThreadMembersUpdateEvent.TYPE, ThreadMembersUpdate.class, ThreadMembersUpdateEvent.class, ThreadMembersUpdateEvent::new, Intent.GUILDS),
				define(EntitlementCreateEvent.TYPE, Entitlement.class, EntitlementCreateEvent.class, EntitlementCreateEvent::new),
				define(EntitlementUpdateEvent.TYPE, Entitlement.class, EntitlementUpdateEvent.class, EntitlementUpdateEvent::new),
				define(EntitlementDeleteEvent.TYPE, Entitlement.class, EntitlementDeleteEvent.class, EntitlementDeleteEvent::new),
				define(GuildCreateEvent.TYPE, Guild.class, GuildCreateEvent.class, GuildCreateEvent::new, Intent.GUILDS),
				define(GuildUpdateEvent.TYPE, Guild.class, GuildUpdateEvent.class, GuildUpdateEvent::new, Intent.GUILDS),
				define(GuildDeleteEvent.TYPE, UnavailableGuild.class, GuildDeleteEvent.class, GuildDeleteEvent::new, Intent.GUILDS),
				define(GuildAuditLogEntryCreateEvent.TYPE, AuditLogEntry.class, GuildAuditLogEntryCreateEvent.class, GuildAuditLogEntryCreateEvent::new, Intent.GUILD_MODERATION),
				define(GuildBanAddEvent.TYPE, GuildBan.class, GuildBanAddEvent.class, GuildBanAddEvent::new, Intent.GUILD_MODERATION),
				define(GuildBanRemoveEvent.TYPE, GuildBan.class, GuildBanRemoveEvent.class, GuildBanRemoveEvent::new, Intent.GUILD_MODERATION),
				define(GuildEmojisUpdateEvent.TYPE, GuildEmojisUpdate.class, GuildEmojisUpdateEvent.class, GuildEmojisUpdateEvent::new, Intent.GUILD_EXPRESSIONS),
				define(GuildStickersUpdateEvent.TYPE, GuildStickersUpdate.class, GuildStickersUpdateEvent.class, GuildStickersUpdateEvent::new, Intent.GUILD_EXPRESSIONS),
				define(GuildIntegrationsUpdateEvent.TYPE, GuildIntegrationsUpdate.class, GuildIntegrationsUpdateEvent.class, GuildIntegrationsUpdateEvent::new, Intent.GUILD_INTEGRATIONS),
				define(GuildMemberAddEvent.TYPE, GuildMemberAdd.class, GuildMemberAddEvent.class, GuildMemberAddEvent::new, Intent.GUILD_MEMBERS),
				define(GuildMemberRemoveEvent.TYPE, GuildMemberRemove.class, GuildMemberRemoveEvent.class, GuildMemberRemoveEvent::new, Intent.GUILD_MEMBERS),
				define(GuildMemberUpdateEvent.TYPE, GuildMemberUpdate.class, GuildMemberUpdateEvent.class, GuildMemberUpdateEvent::new, Intent.GUILD_MEMBERS),
				define(GuildMembersChunkEvent.TYPE, GuildMembersChunk.class, GuildMembersChunkEvent.class, GuildMembersChunkEvent::new),
				define(GuildRoleCreateEvent.TYPE, GuildRole.class, GuildRoleCreateEvent.class, GuildRoleCreateEvent::new, Intent.GUILDS),
				define(GuildRoleUpdateEvent.TYPE, GuildRole.class, GuildRoleUpdateEvent.class, GuildRoleUpdateEvent::new, Intent.GUILDS),
				define(GuildRoleDeleteEvent.TYPE, GuildRoleDelete.class, GuildRoleDeleteEvent.class, GuildRoleDeleteEvent::new, Intent.GUILDS),
				define(GuildScheduledEventCreateEvent.TYPE, ScheduledEvent.class, GuildScheduledEventCreateEvent.class, GuildScheduledEventCreateEvent::new, Intent.GUILD_SCHEDULED_EVENTS),
				define(GuildScheduledEventUpdateEvent.TYPE, ScheduledEvent.class, GuildScheduledEventUpdateEvent.class, GuildScheduledEventUpdateEvent::new, Intent.GUILD_SCHEDULED_EVENTS),
				define(GuildScheduledEventDeleteEvent.TYPE, ScheduledEvent.class, GuildScheduledEventDeleteEvent.class, GuildScheduledEventDeleteEvent::new, Intent.GUILD_SCHEDULED_EVENTS),
				define(GuildScheduledEventUserAddEvent.TYPE, ScheduledEventUser.class, GuildScheduledEventUserAddEvent.class, GuildScheduledEventUserAddEvent::new, Intent.GUILD_SCHEDULED_EVENTS),
				define(GuildScheduledEventUserRemoveEvent.TYPE, ScheduledEventUser.class, GuildScheduledEventUserRemoveEvent.class, GuildScheduledEventUserRemoveEvent::new, Intent.GUILD_SCHEDULED_EVENTS),
				define(GuildSoundboardSoundCreateEvent.TYPE, SoundboardSound.class, GuildSoundboardSoundCreateEvent.class, GuildSoundboardSoundCreateEvent::new, Intent.GUILD_EXPRESSIONS),
				define(GuildSoundboardSoundUpdateEvent.TYPE, SoundboardSound.class, GuildSoundboardSoundUpdateEvent.class, GuildSoundboardSoundUpdateEvent::new, Intent.GUILD_EXPRESSIONS),
				define(GuildSoundboardSoundDeleteEvent.TYPE, SoundboardSoundDelete.class, GuildSoundboardSoundDeleteEvent.class, GuildSoundboardSoundDeleteEvent::new, Intent.GUILD_EXPRESSIONS),
				define(GuildSoundboardSoundsUpdateEvent.TYPE, SoundboardSounds.class, GuildSoundboardSoundsUpdateEvent.class, GuildSoundboardSoundsUpdateEvent::new, Intent.GUILD_EXPRESSIONS),
				define(SoundboardSoundsEvent.TYPE, SoundboardSounds.class, SoundboardSoundsEvent.class, SoundboardSoundsEvent::new),
				define(IntegrationCreateEvent.TYPE, Integration.class, IntegrationCreateEvent.class, IntegrationCreateEvent::new, Intent.GUILD_INTEGRATIONS),
				define(IntegrationUpdateEvent.TYPE, Integration.class, IntegrationUpdateEvent.class, IntegrationUpdateEvent::new, Intent.GUILD_INTEGRATIONS),
				define(IntegrationDeleteEvent.TYPE, IntegrationDelete.class, IntegrationDeleteEvent.class, IntegrationDeleteEvent::new, Intent.GUILD_INTEGRATIONS),
				define(InteractionCreateEvent.TYPE, Interaction.class, InteractionCreateEvent.class, InteractionCreateEvent::new),
				define(InviteCreateEvent.TYPE, Invite.class, InviteCreateEvent.class, InviteCreateEvent::new, Intent.GUILD_INVITES),
				define(InviteDeleteEvent.TYPE, InviteDelete.class, InviteDeleteEvent.class, InviteDeleteEvent::new, Intent.GUILD_INVITES),
				define(MessageCreateEvent.TYPE, Message.class, MessageCreateEvent.class, MessageCreateEvent::new, Intent.GUILD_MESSAGES, Intent.DIRECT_MESSAGES),
				define(MessageUpdateEvent.TYPE, Message.class, MessageUpdateEvent.class, MessageUpdateEvent::new, Intent.GUILD_MESSAGES, Intent.DIRECT_MESSAGES),
				define(MessageDeleteEvent.TYPE, MessageDelete.class, MessageDeleteEvent.class, MessageDeleteEvent::new, Intent.GUILD_MESSAGES, Intent.DIRECT_MESSAGES),
				define(MessageDeleteBulkEvent.TYPE, MessageDeleteBulk.class, MessageDeleteBulkEvent.class, MessageDeleteBulkEvent::new, Intent.GUILD_MESSAGES),
				define(MessageReactionAddEvent.TYPE, MessageReactionAdd.class, MessageReactionAddEvent.class, MessageReactionAddEvent::new, Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
				define(MessageReactionRemoveEvent.TYPE, MessageReactionRemove.class, MessageReactionRemoveEvent.class, MessageReactionRemoveEvent::new, Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
				define(MessageReactionRemoveAllEvent.TYPE, MessageReactionRemoveAll.class, MessageReactionRemoveAllEvent.class, MessageReactionRemoveAllEvent::new, Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
				define(MessageReactionRemoveEmojiEvent.TYPE, MessageReactionRemoveEmoji.class, MessageReactionRemoveEmojiEvent.class, MessageReactionRemoveEmojiEvent::new, Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
				define(MessagePollVoteAddEvent.TYPE, MessagePollVote.class, MessagePollVoteAddEvent.class, MessagePollVoteAddEvent::new, Intent.GUILD_MESSAGE_POLLS, Intent.DIRECT_MESSAGE_POLLS),
				define(MessagePollVoteRemoveEvent.TYPE, MessagePollVote.class, MessagePollVoteRemoveEvent.class, MessagePollVoteRemoveEvent::new, Intent.GUILD_MESSAGE_POLLS, Intent.DIRECT_MESSAGE_POLLS),
				define(PresenceUpdateEvent.TYPE, Presence.class, PresenceUpdateEvent.class, PresenceUpdateEvent::new, Intent.GUILD_PRESENCES),
				define(TypingStartEvent.TYPE, TypingStart.class, TypingStartEvent.class, TypingStartEvent::new, Intent.GUILD_MESSAGE_TYPING, Intent.DIRECT_MESSAGE_TYPING),
				define(UserUpdateEvent.TYPE, User.class, UserUpdateEvent.class, UserUpdateEvent::new),
				define(StageInstanceCreateEvent.TYPE, StageInstance.class, StageInstanceCreateEvent.class, StageInstanceCreateEvent::new, Intent.GUILDS),
				define(StageInstanceUpdateEvent.TYPE, StageInstance.class, StageInstanceUpdateEvent.class, StageInstanceUpdateEvent::new, Intent.GUILDS),
				define(StageInstanceDeleteEvent.TYPE, StageInstance.class, StageInstanceDeleteEvent.class, StageInstanceDeleteEvent::new, Intent.GUILDS),
				define(SubscriptionCreateEvent.TYPE, Subscription.class, SubscriptionCreateEvent.class, SubscriptionCreateEvent::new),
				define(SubscriptionUpdateEvent.TYPE, Subscription.class, SubscriptionUpdateEvent.class, SubscriptionUpdateEvent::new),
				define(SubscriptionDeleteEvent.TYPE, Subscription.class, SubscriptionDeleteEvent.class, SubscriptionDeleteEvent::new),
				define(VoiceChannelEffectSendEvent.TYPE, VoiceChannelEffectSend.class, VoiceChannelEffectSendEvent.class, VoiceChannelEffectSendEvent::new, Intent.GUILD_VOICE_STATES),
				define(VoiceStateUpdateEvent.TYPE, VoiceState.class, VoiceStateUpdateEvent.class, VoiceStateUpdateEvent::new, Intent.GUILD_VOICE_STATES),
				define(VoiceServerUpdateEvent.TYPE, VoiceServerUpdate.class, VoiceServerUpdateEvent.class, VoiceServerUpdateEvent::new),
				define(WebhooksUpdateEvent.TYPE, WebhooksUpdate.class, WebhooksUpdateEvent.class, WebhooksUpdateEvent::new, Intent.GUILD_WEBHOOKS))) {
			types.put(type.name(), type);
		}
		TYPES = Collections.unmodifiableMap(types);
	}

	private EventTypes() {
	}

	private static <P, E extends DispatchEvent<P>> EventType<P, E> define(String name, Class<P> payloadType,
			Class<E> eventType, BiFunction<DispatchInfo, P, E> factory, Intent... intents) {
		Set<Intent> gating = (intents.length == 0) ? Collections.emptySet()
				: Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(intents)));
		return new EventType<>(name, payloadType, eventType, factory, gating);
	}

	/**
	 * The type with the given name.
	 * @param name the dispatch name
	 * @return the type, or {@code null} for an unknown (undocumented) name
	 */
	public static EventType<?, ?> find(String name) {
		return (name != null) ? TYPES.get(name) : null;
	}

	/**
	 * Whether the name is a documented dispatch type.
	 * @param name the dispatch name
	 * @return {@code true} if known
	 */
	public static boolean isKnown(String name) {
		return find(name) != null;
	}

	/**
	 * All types, in documentation order.
	 * @return the types
	 */
	public static Collection<EventType<?, ?>> all() {
		return TYPES.values();
	}

	/**
	 * All type names.
	 * @return the names
	 */
	public static Set<String> names() {
		return TYPES.keySet();
	}

	/**
	 * The type whose event record is the given class.
	 * @param eventClass an event record class
	 * @return the type, or {@code null}
	 */
	public static EventType<?, ?> forEventClass(Class<?> eventClass) {
		for (EventType<?, ?> type : TYPES.values()) {
			if (type.eventType() == eventClass) {
				return type;
			}
		}
		return null;
	}

}
