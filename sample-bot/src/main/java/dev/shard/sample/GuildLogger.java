package dev.shard.sample;

import dev.shard.event.GuildCreateEvent;
import dev.shard.model.Guild;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Logs each guild as it becomes available (after READY, and when the bot joins one). */
@Component
public class GuildLogger {

	private static final Logger logger = LoggerFactory.getLogger(GuildLogger.class);

	@EventListener
	public void onGuildCreate(GuildCreateEvent event) {
		Guild guild = event.guild();
		logger.info("[shard {}] guild available: {} ({}), {} members", event.shardId(), guild.name(), guild.id(),
				guild.memberCount());
	}

}
