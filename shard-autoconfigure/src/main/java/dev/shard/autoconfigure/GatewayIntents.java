package dev.shard.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Intent names, bits and the dispatch types they gate (protocol reference §10), for parsing
 * {@code discord.gateway.intents} and computing {@code auto}.
 */
final class GatewayIntents {

	static final long PRIVILEGED = 2 | 256 | 32768;

	private static final Map<String, Long> BITS = new LinkedHashMap<>();

	private static final Map<String, Long> GATES = new LinkedHashMap<>();

	static {
		bit("GUILDS", 0);
		bit("GUILD_MEMBERS", 1);
		bit("GUILD_MODERATION", 2);
		bit("GUILD_BANS", 2);
		bit("GUILD_EXPRESSIONS", 3);
		bit("GUILD_EMOJIS_AND_STICKERS", 3);
		bit("GUILD_INTEGRATIONS", 4);
		bit("GUILD_WEBHOOKS", 5);
		bit("GUILD_INVITES", 6);
		bit("GUILD_VOICE_STATES", 7);
		bit("GUILD_PRESENCES", 8);
		bit("GUILD_MESSAGES", 9);
		bit("GUILD_MESSAGE_REACTIONS", 10);
		bit("GUILD_MESSAGE_TYPING", 11);
		bit("DIRECT_MESSAGES", 12);
		bit("DIRECT_MESSAGE_REACTIONS", 13);
		bit("DIRECT_MESSAGE_TYPING", 14);
		bit("MESSAGE_CONTENT", 15);
		bit("GUILD_SCHEDULED_EVENTS", 16);
		bit("AUTO_MODERATION_CONFIGURATION", 20);
		bit("AUTO_MODERATION_EXECUTION", 21);
		bit("GUILD_MESSAGE_POLLS", 24);
		bit("DIRECT_MESSAGE_POLLS", 25);
		gate("GUILDS", "GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE", "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE",
				"GUILD_ROLE_DELETE", "CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE", "CHANNEL_PINS_UPDATE",
				"THREAD_CREATE", "THREAD_UPDATE", "THREAD_DELETE", "THREAD_LIST_SYNC", "THREAD_MEMBER_UPDATE",
				"THREAD_MEMBERS_UPDATE", "STAGE_INSTANCE_CREATE", "STAGE_INSTANCE_UPDATE", "STAGE_INSTANCE_DELETE",
				"VOICE_CHANNEL_STATUS_UPDATE", "VOICE_CHANNEL_START_TIME_UPDATE");
		gate("GUILD_MEMBERS", "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE");
		gate("GUILD_MODERATION", "GUILD_AUDIT_LOG_ENTRY_CREATE", "GUILD_BAN_ADD", "GUILD_BAN_REMOVE");
		gate("GUILD_EXPRESSIONS", "GUILD_EMOJIS_UPDATE", "GUILD_STICKERS_UPDATE", "GUILD_SOUNDBOARD_SOUND_CREATE",
				"GUILD_SOUNDBOARD_SOUND_UPDATE", "GUILD_SOUNDBOARD_SOUND_DELETE", "GUILD_SOUNDBOARD_SOUNDS_UPDATE");
		gate("GUILD_INTEGRATIONS", "GUILD_INTEGRATIONS_UPDATE", "INTEGRATION_CREATE", "INTEGRATION_UPDATE",
				"INTEGRATION_DELETE");
		gate("GUILD_WEBHOOKS", "WEBHOOKS_UPDATE");
		gate("GUILD_INVITES", "INVITE_CREATE", "INVITE_DELETE");
		gate("GUILD_VOICE_STATES", "VOICE_CHANNEL_EFFECT_SEND", "VOICE_STATE_UPDATE");
		gate("GUILD_PRESENCES", "PRESENCE_UPDATE");
		gate("GUILD_MESSAGES", "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK");
		gate("DIRECT_MESSAGES", "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "CHANNEL_PINS_UPDATE");
		gate("GUILD_MESSAGE_REACTIONS", "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE",
				"MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI");
		gate("DIRECT_MESSAGE_REACTIONS", "MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE",
				"MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI");
		gate("GUILD_MESSAGE_TYPING", "TYPING_START");
		gate("DIRECT_MESSAGE_TYPING", "TYPING_START");
		gate("GUILD_SCHEDULED_EVENTS", "GUILD_SCHEDULED_EVENT_CREATE", "GUILD_SCHEDULED_EVENT_UPDATE",
				"GUILD_SCHEDULED_EVENT_DELETE", "GUILD_SCHEDULED_EVENT_USER_ADD", "GUILD_SCHEDULED_EVENT_USER_REMOVE");
		gate("AUTO_MODERATION_CONFIGURATION", "AUTO_MODERATION_RULE_CREATE", "AUTO_MODERATION_RULE_UPDATE",
				"AUTO_MODERATION_RULE_DELETE");
		gate("AUTO_MODERATION_EXECUTION", "AUTO_MODERATION_ACTION_EXECUTION");
		gate("GUILD_MESSAGE_POLLS", "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE");
		gate("DIRECT_MESSAGE_POLLS", "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE");
	}

	private GatewayIntents() {
	}

	private static void bit(String name, int bit) {
		BITS.put(name, 1L << bit);
	}

	private static void gate(String intent, String... types) {
		long bit = BITS.get(intent);
		for (String type : types) {
			GATES.merge(type, bit, (a, b) -> a | b);
		}
	}

	/**
	 * The bit of an intent name (case-insensitive, dashes allowed).
	 * @param name the name
	 * @return the bit, or {@code null} if unknown
	 */
	static Long bitOf(String name) {
		return BITS.get(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

	/** The intents needed to receive the given dispatch types; ungated types need none. */
	static long forEventTypes(Collection<String> types) {
		long intents = 0;
		for (String type : types) {
			intents |= GATES.getOrDefault(type, 0L);
		}
		return intents;
	}

	/** Names of the set bits, for logging. */
	static List<String> names(long intents) {
		List<String> names = new ArrayList<>();
		long seen = 0;
		for (Map.Entry<String, Long> e : BITS.entrySet()) {
			if ((intents & e.getValue()) != 0 && (seen & e.getValue()) == 0) {
				names.add(e.getKey());
				seen |= e.getValue();
			}
		}
		return names;
	}

}
