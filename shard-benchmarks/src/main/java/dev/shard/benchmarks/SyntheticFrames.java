package dev.shard.benchmarks;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Generates envelopes with the shape of the corpus payloads (same keys, nesting and value kinds, similar sizes) for
 * when the shared corpus is not available. Deterministic (fixed seed).
 */
final class SyntheticFrames {

	static final String[] WORDS = { "the", "shard", "gateway", "ping", "pong", "hello", "anyone", "know", "how", "to",
			"fix", "this", "error", "when", "I", "run", "my", "bot", "it", "says", "invalid", "token", "lol", "yes",
			"no", "maybe", "thanks", "please", "help", "server", "channel", "role", "message", "embed", "reaction",
			"voice", "music", "queue", "play", "skip", "stop", "java", "spring", "boot", "reactor", "netty", "heartbeat",
			"resume", "identify", "ready", "guild", "member", "presence", "update", "today", "tomorrow", "game", "night",
			"?", "!", "ok", ":)", "https://example.invalid/a/b", "`code`", "again", "works", "broken", "nice" };

	private static final JsonFactory FACTORY = new JsonFactory();

	private SyntheticFrames() {
	}

	static byte[] envelope(Corpus.Event event) {
		Random random = new Random(42);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			g.writeStartObject();
			g.writeStringProperty("t", event.name());
			g.writeNumberProperty("s", 4);
			g.writeNumberProperty("op", 0);
			g.writeName("d");
			switch (event) {
				case MESSAGE_CREATE -> message(g, random);
				case PRESENCE_UPDATE -> presence(g, random, true);
				case GUILD_CREATE -> guild(g, random);
			}
			g.writeEndObject();
		}
		return out.toByteArray();
	}

	static String snowflake(Random random) {
		return Long.toString(80_000_000_000_000_000L + (random.nextLong() & 0x0FFF_FFFF_FFFF_FFFFL) % 1_300_000_000_000_000_000L);
	}

	static String hex(Random random, int length) {
		StringBuilder sb = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			sb.append(Character.forDigit(random.nextInt(16), 16));
		}
		return sb.toString();
	}

	static String sentence(Random random, int approxChars) {
		StringBuilder sb = new StringBuilder(approxChars + 16);
		while (sb.length() < approxChars) {
			if (sb.length() > 0) {
				sb.append(' ');
			}
			sb.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return sb.toString();
	}

	private static void user(JsonGenerator g, Random random, boolean full) {
		g.writeStartObject();
		g.writeStringProperty("id", snowflake(random));
		if (full) {
			g.writeStringProperty("username", "user" + random.nextInt(100_000));
			g.writeStringProperty("global_name", "User " + random.nextInt(100_000));
			g.writeStringProperty("discriminator", "0");
			g.writeStringProperty("avatar", hex(random, 32));
			g.writeNumberProperty("public_flags", 0);
			g.writeNullProperty("avatar_decoration_data");
			g.writeNullProperty("collectibles");
			g.writeNullProperty("clan");
			g.writeNullProperty("primary_guild");
		}
		g.writeEndObject();
	}

	private static void message(JsonGenerator g, Random random) {
		g.writeStartObject();
		g.writeName("member");
		g.writeStartObject();
		g.writeBooleanProperty("pending", false);
		g.writeNullProperty("banner");
		g.writeBooleanProperty("mute", false);
		g.writeNumberProperty("flags", 0);
		g.writeNullProperty("communication_disabled_until");
		g.writeName("roles");
		g.writeStartArray();
		g.writeString(snowflake(random));
		g.writeEndArray();
		g.writeNullProperty("premium_since");
		g.writeNullProperty("nick");
		g.writeStringProperty("joined_at", "2024-02-27T19:50:51.701000+00:00");
		g.writeBooleanProperty("deaf", false);
		g.writeNullProperty("avatar");
		g.writeEndObject();
		g.writeNumberProperty("channel_type", 0);
		g.writeStringProperty("guild_id", snowflake(random));
		g.writeNullProperty("edited_timestamp");
		g.writeName("author");
		user(g, random, true);
		g.writeBooleanProperty("pinned", false);
		g.writeStringProperty("id", snowflake(random));
		g.writeStringProperty("channel_id", snowflake(random));
		g.writeStringProperty("content", sentence(random, 60));
		for (String empty : new String[] { "embeds", "mentions", "components" }) {
			g.writeName(empty);
			g.writeStartArray();
			g.writeEndArray();
		}
		g.writeNumberProperty("flags", 0);
		g.writeBooleanProperty("mention_everyone", false);
		g.writeBooleanProperty("tts", false);
		g.writeName("mention_roles");
		g.writeStartArray();
		g.writeEndArray();
		g.writeName("attachments");
		g.writeStartArray();
		g.writeEndArray();
		g.writeStringProperty("timestamp", "2026-02-27T23:56:48.287000+00:00");
		g.writeNumberProperty("type", 0);
		g.writeStringProperty("nonce", Long.toString(random.nextLong() & Long.MAX_VALUE));
		g.writeEndObject();
	}

	private static void presence(JsonGenerator g, Random random, boolean rich) {
		g.writeStartObject();
		g.writeName("user");
		user(g, random, false);
		g.writeStringProperty("status", random.nextBoolean() ? "online" : "idle");
		g.writeName("game");
		if (rich) {
			g.writeStartObject();
			g.writeNumberProperty("type", 2);
			g.writeName("timestamps");
			g.writeStartObject();
			g.writeNumberProperty("start", 1524840854122L);
			g.writeNumberProperty("end", 1524841056674L);
			g.writeEndObject();
			g.writeStringProperty("sync_id", hex(random, 22));
			g.writeStringProperty("state", sentence(random, 14));
			g.writeStringProperty("session_id", hex(random, 32));
			g.writeName("party");
			g.writeStartObject();
			g.writeStringProperty("id", "spotify:" + snowflake(random));
			g.writeEndObject();
			g.writeStringProperty("name", "Spotify");
			g.writeNumberProperty("flags", 48);
			g.writeStringProperty("details", sentence(random, 8));
			g.writeName("assets");
			g.writeStartObject();
			g.writeStringProperty("large_text", sentence(random, 14));
			g.writeStringProperty("large_image", "spotify:" + hex(random, 40));
			g.writeEndObject();
			g.writeEndObject();
		}
		else {
			g.writeStartObject();
			g.writeNumberProperty("type", 0);
			g.writeStringProperty("name", sentence(random, 12));
			g.writeEndObject();
		}
		g.writeEndObject();
	}

	/** The shape of serenity's guild_create_1: 51 roles, 53 channels, 26 emojis, 9,593 members, 8,834 presences. */
	private static void guild(JsonGenerator g, Random random) {
		String guildId = snowflake(random);
		g.writeStartObject();
		g.writeNullProperty("system_channel_id");
		g.writeName("voice_states");
		g.writeStartArray();
		g.writeEndArray();
		g.writeNumberProperty("verification_level", 3);
		g.writeBooleanProperty("unavailable", false);
		g.writeName("roles");
		g.writeStartArray();
		for (int i = 0; i < 51; i++) {
			g.writeStartObject();
			g.writeNumberProperty("position", i);
			g.writeStringProperty("permissions", Integer.toString(random.nextInt(1 << 29)));
			g.writeStringProperty("name", sentence(random, 10));
			g.writeBooleanProperty("mentionable", false);
			g.writeBooleanProperty("managed", false);
			g.writeStringProperty("id", snowflake(random));
			g.writeBooleanProperty("hoist", random.nextBoolean());
			g.writeNumberProperty("color", random.nextInt(1 << 24));
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeStringProperty("name", "Synthetic API guild");
		g.writeName("channels");
		g.writeStartArray();
		for (int i = 0; i < 53; i++) {
			g.writeStartObject();
			g.writeNumberProperty("type", 0);
			g.writeStringProperty("topic", sentence(random, 80));
			g.writeNumberProperty("position", i);
			g.writeName("permission_overwrites");
			g.writeStartArray();
			for (int j = 0; j < 4; j++) {
				g.writeStartObject();
				g.writeNumberProperty("type", 0);
				g.writeStringProperty("id", snowflake(random));
				g.writeStringProperty("deny", "0");
				g.writeStringProperty("allow", "3072");
				g.writeEndObject();
			}
			g.writeEndArray();
			g.writeStringProperty("name", "channel-" + i);
			g.writeStringProperty("last_message_id", snowflake(random));
			g.writeStringProperty("id", snowflake(random));
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeName("members");
		g.writeStartArray();
		for (int i = 0; i < 9593; i++) {
			g.writeStartObject();
			g.writeName("user");
			g.writeStartObject();
			g.writeStringProperty("username", "user" + i);
			g.writeStringProperty("id", snowflake(random));
			g.writeStringProperty("discriminator", Integer.toString(1000 + random.nextInt(9000)));
			g.writeStringProperty("avatar", hex(random, 32));
			g.writeEndObject();
			g.writeName("roles");
			g.writeStartArray();
			g.writeEndArray();
			g.writeBooleanProperty("mute", false);
			g.writeStringProperty("joined_at", "2017-01-28T04:13:49.965000+00:00");
			g.writeBooleanProperty("deaf", false);
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeName("presences");
		g.writeStartArray();
		for (int i = 0; i < 8834; i++) {
			presence(g, random, false);
		}
		g.writeEndArray();
		g.writeNumberProperty("member_count", 18552);
		g.writeBooleanProperty("large", true);
		g.writeStringProperty("id", guildId);
		g.writeName("emojis");
		g.writeStartArray();
		for (int i = 0; i < 26; i++) {
			g.writeStartObject();
			g.writeStringProperty("name", "emoji" + i);
			g.writeStringProperty("id", snowflake(random));
			g.writeBooleanProperty("animated", false);
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeStringProperty("preferred_locale", "en-US");
		g.writeEndObject();
	}

}
