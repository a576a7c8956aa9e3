package dev.shard.sample;

import dev.shard.event.MessageCreateEvent;
import dev.shard.model.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Answers {@code !ping} with {@code pong}, and logs every message the bot sees. Opt-in: only with the profile
 * {@code message-content} ({@code --spring.profiles.active=message-content}).
 * <p>
 * Listening to {@link MessageCreateEvent} is what makes the starter ask for the GUILD_MESSAGES and
 * DIRECT_MESSAGES intents ({@code discord.gateway.intents=auto}). Reading the text of other users' messages also
 * needs the privileged MESSAGE_CONTENT intent, added in {@code application-message-content.yml}; slash commands
 * ({@link SlashCommandListener}) need neither.
 */
@Component
@Profile("message-content")
public class PingListener {

	private static final Logger logger = LoggerFactory.getLogger(PingListener.class);

	private final DiscordRest rest;

	public PingListener(DiscordRest rest) {
		this.rest = rest;
	}

	@EventListener
	public void log(MessageCreateEvent event) {
		Message message = event.message();
		String author = (message.author() != null) ? message.author().username() : "?";
		logger.info("[shard {}] message in channel {} from {}: {}", event.shardId(), message.channelId(), author,
				message.content());
	}

	@EventListener(condition = "#event.message().content() == '!ping' and #event.message().author()?.bot() != true")
	public void ping(MessageCreateEvent event) {
		logger.info("[shard {}] answering !ping with pong", event.shardId());
		// Listeners run on the shard's delivery thread: never block it, subscribe instead.
		this.rest.createMessage(event.message().channelId(), "pong")
			.subscribe(null, (ex) -> { /* logged by DiscordRest */ });
	}

}
