/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic synthetic Discord world: guilds with channels, roles, members, presences, emojis and
 * soundboard sounds, and dispatch payloads of realistic shape built from it. The same seed always gives the
 * same world and the same payloads.
 */
final class SyntheticWorld {

	static final long DISCORD_EPOCH = 1420070400000L;

	/** 2024-01-01T00:00:00Z in ms since the Discord epoch: guild ids are consecutive ms after it. */
	private static final long GUILD_TIME = 1704067200000L - DISCORD_EPOCH;

	private static final long USER_TIME = 1577836800000L - DISCORD_EPOCH;

	private static final Instant BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");

	private static final String[] WORDS = { "amber", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor",
			"indigo", "juniper", "kelp", "lumen", "maple", "nebula", "onyx", "pixel", "quartz", "river", "sable",
			"tundra", "umber", "vortex", "willow", "xenon", "yarrow", "zephyr" };

	final JsonMapper json;

	final long seed;

	final List<Guild> guilds;

	final Map<Long, Guild> guildsById = new HashMap<>();

	final Map<Long, Guild> guildsByChannel = new HashMap<>();

	final long botId;

	final long applicationId;

	final String botName;

	private final AtomicLong liveIds = new AtomicLong();

	private final Map<String, byte[]> guildCreateCache = new ConcurrentHashMap<>();

	/** A guild. Members are computed on demand from (guild index, member index). */
	record Guild(int index, long id, String name, int memberCount, long ownerId, List<Channel> channels,
			List<Long> roleIds) {

		Channel firstText() {
			for (Channel c : this.channels) {
				if (c.type == 0) {
					return c;
				}
			}
			return this.channels.get(0);
		}

		List<Channel> voiceChannels() {
			List<Channel> out = new ArrayList<>();
			for (Channel c : this.channels) {
				if (c.type == 2) {
					out.add(c);
				}
			}
			return out;
		}

	}

	/** A guild channel. */
	record Channel(long id, int type, String name, Long parentId, int position) {
	}

	SyntheticWorld(JsonMapper json, long seed, int guildCount, int membersPerGuild, Map<Integer, Integer> memberOverrides) {
		this.json = json;
		this.seed = seed;
		SplittableRandom random = new SplittableRandom(seed);
		this.botId = ((USER_TIME - 1000) << 22) | (random.nextLong() & 0x3FFFFFL);
		this.applicationId = this.botId;
		this.botName = "ShardSim";
		List<Guild> list = new ArrayList<>(guildCount);
		for (int g = 0; g < guildCount; g++) {
			long id = ((GUILD_TIME + g) << 22) | (random.nextLong() & 0x3FFFFFL);
			int members = Math.max(1, memberOverrides.getOrDefault(g, membersPerGuild));
			List<Channel> channels = new ArrayList<>();
			long cid = ((GUILD_TIME + g) << 22) + 0x100000L;
			long category = cid++;
			channels.add(new Channel(category, 4, "Text Channels", null, 0));
			channels.add(new Channel(cid++, 0, "general", category, 1));
			channels.add(new Channel(cid++, 0, word(random) + "-chat", category, 2));
			channels.add(new Channel(cid++, 0, "bot-commands", category, 3));
			channels.add(new Channel(cid++, 2, "Voice " + word(random), null, 4));
			channels.add(new Channel(cid++, 13, "Stage", null, 5));
			List<Long> roles = List.of(id, cid++, cid++);
			Guild guild = new Guild(g, id, capitalize(word(random)) + " " + capitalize(word(random)) + " " + g,
					members, userId(g, 0), List.copyOf(channels), roles);
			list.add(guild);
			this.guildsById.put(id, guild);
			for (Channel c : channels) {
				this.guildsByChannel.put(c.id, guild);
			}
		}
		this.guilds = Collections.unmodifiableList(list);
	}

	static int shardOf(long guildId, int shardCount) {
		return (int) Long.remainderUnsigned(guildId >>> 22, shardCount);
	}

	List<Guild> guildsFor(int shardId, int shardCount) {
		List<Guild> out = new ArrayList<>();
		for (Guild g : this.guilds) {
			if (shardOf(g.id, shardCount) == shardId) {
				out.add(g);
			}
		}
		return out;
	}

	int guildCountFor(int shardId, int shardCount) {
		int n = 0;
		for (Guild g : this.guilds) {
			if (shardOf(g.id, shardCount) == shardId) {
				n++;
			}
		}
		return n;
	}

	/**
	 * A fresh snowflake for live objects (messages posted through REST, streamed messages and the like): its
	 * timestamp is now, and ids never repeat, even past 4,096 in one millisecond (the id then runs a little ahead
	 * of the clock, as the increment would on Discord's workers).
	 */
	long newId() {
		long candidate = (System.currentTimeMillis() - DISCORD_EPOCH) << 22;
		return this.liveIds.updateAndGet((last) -> Math.max(last + 1, candidate));
	}

	static long userId(int guild, int member) {
		return ((USER_TIME + guild * 1_000_000L + member) << 22) | ((guild * 31L + member) & 0x3FFFFFL);
	}

	String username(int guild, int member) {
		SplittableRandom r = new SplittableRandom(this.seed ^ userId(guild, member));
		return word(r) + "_" + word(r) + member;
	}

	private static String word(SplittableRandom r) {
		return WORDS[r.nextInt(WORDS.length)];
	}

	private static String capitalize(String s) {
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	static String timestamp(long offsetSeconds) {
		return BASE_TIME.plusSeconds(offsetSeconds).toString().replace("Z", ".000000+00:00");
	}

	// ---- JSON building ------------------------------------------------------------------------------------

	static Map<String, Object> obj(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

	byte[] bytes(Object value) {
		return this.json.writeValueAsBytes(value);
	}

	String string(Object value) {
		return this.json.writeValueAsString(value);
	}

	Map<String, Object> botUser() {
		return obj("id", Long.toString(this.botId), "username", this.botName, "global_name", null, "avatar", null,
				"discriminator", "0000", "public_flags", 0, "flags", 0, "bot", true, "banner", null, "accent_color",
				null, "avatar_decoration_data", null, "verified", true, "mfa_enabled", false, "email", null);
	}

	Map<String, Object> user(Guild g, int m) {
		return obj("id", Long.toString(userId(g.index, m)), "username", username(g.index, m), "global_name",
				capitalize(username(g.index, m)), "avatar", (m % 3 == 0) ? null : Long.toHexString(userId(g.index, m)),
				"discriminator", "0", "public_flags", (m % 7 == 0) ? 64 : 0, "avatar_decoration_data", null,
				"collectibles", null, "clan", null, "primary_guild", null);
	}

	Map<String, Object> member(Guild g, int m, boolean withUser) {
		Map<String, Object> member = new LinkedHashMap<>();
		if (withUser) {
			member.put("user", user(g, m));
		}
		member.put("nick", (m % 5 == 0) ? "Nick " + m : null);
		member.put("avatar", null);
		member.put("banner", null);
		member.put("roles", (m % 4 == 0) ? List.of(Long.toString(g.roleIds.get(1))) : List.of());
		member.put("joined_at", timestamp(m * 60L));
		member.put("premium_since", null);
		member.put("deaf", false);
		member.put("mute", false);
		member.put("flags", 0);
		member.put("pending", false);
		member.put("communication_disabled_until", null);
		return member;
	}

	Map<String, Object> botMember(Guild g) {
		return obj("user", botUser(), "nick", null, "avatar", null, "banner", null, "roles", List.of(), "joined_at",
				timestamp(0), "premium_since", null, "deaf", false, "mute", false, "flags", 0, "pending", false,
				"communication_disabled_until", null);
	}

	static String status(int m) {
		return switch (m % 4) {
			case 0 -> "online";
			case 1 -> "idle";
			case 2 -> "dnd";
			default -> "offline";
		};
	}

	Map<String, Object> presence(Guild g, int m, boolean withGuild) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("user", obj("id", Long.toString(userId(g.index, m))));
		if (withGuild) {
			p.put("guild_id", Long.toString(g.id));
		}
		p.put("status", status(m));
		p.put("activities", (m % 2 == 0)
				? List.of(obj("type", 0, "name", "Game " + (m % 17), "id", "ec0b28a579ecb4bd", "created_at",
						1767225600000L + m, "timestamps", obj("start", 1767225600000L)))
				: List.of());
		p.put("client_status", obj((m % 3 == 0) ? "mobile" : "desktop", status(m)));
		return p;
	}

	Map<String, Object> channel(Guild g, Channel c) {
		Map<String, Object> ch = new LinkedHashMap<>();
		ch.put("id", Long.toString(c.id));
		ch.put("type", c.type);
		ch.put("guild_id", Long.toString(g.id));
		ch.put("name", c.name);
		ch.put("position", c.position);
		ch.put("permission_overwrites", List.of());
		ch.put("parent_id", (c.parentId != null) ? Long.toString(c.parentId) : null);
		ch.put("flags", 0);
		if (c.type == 0) {
			ch.put("topic", "Talk about " + c.name);
			ch.put("nsfw", false);
			ch.put("last_message_id", null);
			ch.put("rate_limit_per_user", 0);
		}
		else if (c.type == 2 || c.type == 13) {
			ch.put("bitrate", 64000);
			ch.put("user_limit", 0);
			ch.put("rtc_region", null);
		}
		return ch;
	}

	List<Map<String, Object>> roles(Guild g) {
		List<Map<String, Object>> roles = new ArrayList<>();
		String[] names = { "@everyone", "Moderator", "Member" };
		for (int i = 0; i < g.roleIds.size(); i++) {
			roles.add(obj("id", Long.toString(g.roleIds.get(i)), "name", names[i], "description", null,
					"permissions", (i == 1) ? "1099511627775" : "2248473465835073", "position", i, "color",
					(i == 0) ? 0 : 3447003, "colors", obj("primary_color", (i == 0) ? 0 : 3447003,
							"secondary_color", null, "tertiary_color", null),
					"hoist", i == 1, "managed", false, "mentionable", i == 2, "icon", null, "unicode_emoji", null,
					"flags", 0));
		}
		return roles;
	}

	List<Map<String, Object>> soundboardSounds(Guild g) {
		return List.of(obj("sound_id", Long.toString(g.id + 77), "name", "airhorn", "volume", 1.0, "emoji_id", null,
				"emoji_name", "📯", "guild_id", Long.toString(g.id), "available", true, "user", user(g, 0)));
	}

	/** GUILD_CREATE {@code d} for {@code g}; members and presences respect {@code largeThreshold} like Discord. */
	byte[] guildCreate(Guild g, int largeThreshold) {
		return this.guildCreateCache.computeIfAbsent(g.id + ":" + largeThreshold, (k) -> {
			boolean large = g.memberCount > largeThreshold;
			List<Map<String, Object>> members = new ArrayList<>();
			List<Map<String, Object>> presences = new ArrayList<>();
			members.add(botMember(g));
			int limit = large ? Math.min(g.memberCount, 1000) : g.memberCount;
			for (int m = 0; m < limit; m++) {
				// large guilds carry only members that are not offline, as Discord sends them
				if (large && status(m).equals("offline")) {
					continue;
				}
				members.add(member(g, m, true));
				if (!status(m).equals("offline")) {
					presences.add(presence(g, m, false));
				}
			}
			List<Map<String, Object>> channels = new ArrayList<>();
			for (Channel c : g.channels) {
				channels.add(channel(g, c));
			}
			Map<String, Object> d = new LinkedHashMap<>();
			d.put("id", Long.toString(g.id));
			d.put("name", g.name);
			d.put("icon", null);
			d.put("description", null);
			d.put("splash", null);
			d.put("discovery_splash", null);
			d.put("banner", null);
			d.put("owner_id", Long.toString(g.ownerId));
			d.put("afk_channel_id", null);
			d.put("afk_timeout", 300);
			d.put("widget_enabled", false);
			d.put("verification_level", 1);
			d.put("default_message_notifications", 1);
			d.put("explicit_content_filter", 2);
			d.put("roles", roles(g));
			d.put("emojis", List.of(obj("id", Long.toString(g.id + 55), "name", "shardy", "roles", List.of(),
					"require_colons", true, "managed", false, "animated", false, "available", true)));
			d.put("stickers", List.of());
			d.put("features", List.of("COMMUNITY", "NEWS"));
			d.put("mfa_level", 0);
			d.put("application_id", null);
			d.put("system_channel_id", Long.toString(g.firstText().id));
			d.put("system_channel_flags", 0);
			d.put("rules_channel_id", null);
			d.put("max_presences", null);
			d.put("max_members", 500000);
			d.put("vanity_url_code", null);
			d.put("premium_tier", 0);
			d.put("premium_subscription_count", 0);
			d.put("preferred_locale", "en-US");
			d.put("public_updates_channel_id", null);
			d.put("max_video_channel_users", 25);
			d.put("nsfw_level", 0);
			d.put("premium_progress_bar_enabled", false);
			d.put("safety_alerts_channel_id", null);
			d.put("joined_at", timestamp(0));
			d.put("large", large);
			d.put("unavailable", false);
			d.put("member_count", g.memberCount);
			d.put("voice_states", List.of());
			d.put("members", members);
			d.put("channels", channels);
			d.put("threads", List.of());
			d.put("presences", presences);
			d.put("stage_instances", List.of());
			d.put("guild_scheduled_events", List.of());
			d.put("soundboard_sounds", soundboardSounds(g));
			d.put("lazy", true);
			d.put("embedded_activities", List.of());
			d.put("application_command_counts", Map.of());
			d.put("version", 1767225600000L);
			return bytes(d);
		});
	}

	Map<String, Object> message(Guild g, Channel c, long id, int authorIndex, String content, boolean fromBot,
			long time) {
		Map<String, Object> msg = new LinkedHashMap<>();
		msg.put("type", 0);
		msg.put("tts", false);
		msg.put("timestamp", timestamp(time));
		msg.put("pinned", false);
		msg.put("nonce", Long.toString(id - 17));
		msg.put("mentions", List.of());
		msg.put("mention_roles", List.of());
		msg.put("mention_everyone", false);
		msg.put("member", fromBot ? without(botMember(g), "user") : member(g, authorIndex, false));
		msg.put("id", Long.toString(id));
		msg.put("flags", 0);
		msg.put("embeds", List.of());
		msg.put("edited_timestamp", null);
		msg.put("content", content);
		msg.put("components", List.of());
		msg.put("channel_type", c.type);
		msg.put("channel_id", Long.toString(c.id));
		msg.put("author", fromBot ? botUser() : user(g, authorIndex));
		msg.put("attachments", List.of());
		msg.put("guild_id", Long.toString(g.id));
		return msg;
	}

	private static Map<String, Object> without(Map<String, Object> m, String key) {
		m.remove(key);
		return m;
	}

	/**
	 * A synthetic {@code d} for a dispatch of {@code type} in guild {@code g}; {@code variant} makes payloads
	 * distinct (ids, authors, content). Unknown types get a small generic object.
	 */
	String eventData(String type, Guild g, int variant) {
		Channel text = g.channels.get(1 + (variant % 3));
		int m = variant % g.memberCount;
		long eventId = ((GUILD_TIME + 10_000_000L + variant) << 22) | (g.index & 0x3FFFFFL);
		Object d = switch (type) {
			case "MESSAGE_CREATE" -> messageCreate(g, variant, eventId, "synthetic message " + variant + " in "
					+ text.name + ": the quick brown fox jumps over the lazy dog");
			case "MESSAGE_UPDATE" -> {
				Map<String, Object> msg = message(g, text, eventId, m, "edited message " + variant, false, variant);
				msg.put("edited_timestamp", timestamp(variant + 30L));
				yield msg;
			}
			case "MESSAGE_DELETE" -> obj("id", Long.toString(eventId), "channel_id", Long.toString(text.id),
					"guild_id", Long.toString(g.id));
			case "MESSAGE_REACTION_ADD" -> obj("user_id", Long.toString(userId(g.index, m)), "type", 0,
					"message_id", Long.toString(eventId), "message_author_id", Long.toString(userId(g.index, 0)),
					"member", member(g, m, true), "emoji", obj("name", "👍", "id", null), "channel_id",
					Long.toString(text.id), "burst", false, "guild_id", Long.toString(g.id), "burst_colors", List.of());
			case "TYPING_START" -> obj("user_id", Long.toString(userId(g.index, m)), "timestamp",
					1767225600L + variant, "member", member(g, m, true), "channel_id", Long.toString(text.id),
					"guild_id", Long.toString(g.id));
			case "PRESENCE_UPDATE" -> presence(g, m, true);
			case "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE" -> {
				Map<String, Object> mem = member(g, m, true);
				mem.put("guild_id", Long.toString(g.id));
				yield mem;
			}
			case "GUILD_MEMBER_REMOVE" -> obj("user", user(g, m), "guild_id", Long.toString(g.id));
			case "GUILD_CREATE" -> null;
			case "GUILD_UPDATE" -> obj("id", Long.toString(g.id), "name", g.name, "owner_id",
					Long.toString(g.ownerId), "roles", roles(g), "features", List.of(), "guild_id", null);
			case "GUILD_DELETE" -> obj("id", Long.toString(g.id), "unavailable", true);
			case "CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_DELETE" -> channel(g, text);
			case "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE" -> obj("guild_id", Long.toString(g.id), "role",
					roles(g).get(2));
			case "GUILD_ROLE_DELETE" -> obj("guild_id", Long.toString(g.id), "role_id",
					Long.toString(g.roleIds.get(2)));
			case "VOICE_STATE_UPDATE" -> obj("member", member(g, m, true), "user_id",
					Long.toString(userId(g.index, m)), "suppress", false, "session_id", Long.toHexString(eventId),
					"self_video", false, "self_mute", false, "self_deaf", false, "request_to_speak_timestamp", null,
					"mute", false, "guild_id", Long.toString(g.id), "deaf", false, "channel_id",
					Long.toString(g.voiceChannels().get(0).id));
			case "THREAD_CREATE" -> obj("id", Long.toString(eventId), "guild_id", Long.toString(g.id), "parent_id",
					Long.toString(text.id), "owner_id", Long.toString(userId(g.index, m)), "type", 11, "name",
					"thread " + variant, "last_message_id", null, "thread_metadata", obj("archived", false,
							"auto_archive_duration", 1440, "archive_timestamp", timestamp(variant), "locked", false),
					"message_count", 0, "member_count", 1, "rate_limit_per_user", 0, "flags", 0,
					"total_message_sent", 0, "newly_created", true);
			case "INTERACTION_CREATE" -> interaction(g, text, eventId, m, "ping");
			default -> obj("guild_id", Long.toString(g.id), "id", Long.toString(eventId), "_synthetic", variant);
		};
		if (d == null) {
			return new String(guildCreate(g, 50), java.nio.charset.StandardCharsets.UTF_8);
		}
		return string(d);
	}

	/**
	 * The MESSAGE_CREATE {@code d} of {@link #eventData} for {@code variant} (its channel, author and timestamp)
	 * with the given message {@code id} and {@code content}.
	 */
	Map<String, Object> messageCreate(Guild g, int variant, long id, String content) {
		Channel text = g.channels.get(1 + (variant % 3));
		return message(g, text, id, variant % g.memberCount, content, false, variant);
	}

	Map<String, Object> interaction(Guild g, Channel c, long id, int m, String command) {
		return obj("version", 1, "type", 2, "token", "interaction-token-" + Long.toHexString(id), "member",
				member(g, m, true), "locale", "en-US", "id", Long.toString(id), "guild_locale", "en-US", "guild_id",
				Long.toString(g.id), "guild", obj("locale", "en-US", "id", Long.toString(g.id), "features",
						List.of()),
				"entitlements", List.of(), "entitlement_sku_ids", List.of(), "data", obj("type", 1, "name",
						command, "id", Long.toString(this.applicationId + 1)),
				"context", 0, "channel_id", Long.toString(c.id), "channel", channel(g, c), "authorizing_integration_owners",
				obj("0", Long.toString(g.id)), "attachment_size_limit", 10485760, "app_permissions",
				"2248473465835073", "application_id", Long.toString(this.applicationId));
	}

}
