package dev.shard.sample.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.shard.model.Snowflake;
import dev.shard.test.simulator.GatewaySimulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user of the simulated world who writes messages in the first text channel of the first guild: each becomes a
 * MESSAGE_CREATE dispatch to the bot, exactly as Discord would send it.
 */
public final class SimulatedUser {

	private static final JsonMapper json = JsonMapper.shared();

	private final GatewaySimulator simulator;

	private final String username;

	private final long userId;

	private final AtomicLong ids = new AtomicLong();

	public SimulatedUser(GatewaySimulator simulator, String username, long userId) {
		this.simulator = simulator;
		this.username = username;
		this.userId = userId;
	}

	/**
	 * Dispatches a MESSAGE_CREATE from this user.
	 * @param content the message text
	 * @return the number of sessions it was dispatched to
	 */
	public int say(String content) {
		return this.simulator.dispatchRaw("MESSAGE_CREATE", messageJson(content), null).size();
	}

	String messageJson(String content) {
		Instant now = Instant.now();
		long id = ((now.toEpochMilli() - Snowflake.DISCORD_EPOCH) << 22) | (this.ids.incrementAndGet() & 0xFFF);
		Map<String, Object> author = new LinkedHashMap<>();
		author.put("id", Long.toString(this.userId));
		author.put("username", this.username);
		author.put("discriminator", "0");
		author.put("global_name", this.username);
		author.put("avatar", null);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("id", Long.toString(id));
		message.put("type", 0);
		message.put("channel_id", this.simulator.textChannelIds(0).get(0));
		message.put("guild_id", this.simulator.guildIds().get(0));
		message.put("author", author);
		message.put("content", content);
		message.put("timestamp", now.toString());
		message.put("edited_timestamp", null);
		message.put("tts", false);
		message.put("mention_everyone", false);
		message.put("mentions", List.of());
		message.put("mention_roles", List.of());
		message.put("attachments", List.of());
		message.put("embeds", List.of());
		message.put("pinned", false);
		message.put("flags", 0);
		message.put("components", List.of());
		return json.writeValueAsString(message);
	}

}
