package dev.shard.sample;

import dev.shard.event.InteractionCreateEvent;
import dev.shard.model.Interaction;
import dev.shard.model.InteractionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Answers the {@code /ping} slash command through the interaction callback route. (Registering the command with
 * Discord is a REST call too, done once per application; not part of this sample.)
 */
@Component
public class SlashCommandListener {

	private static final Logger logger = LoggerFactory.getLogger(SlashCommandListener.class);

	private final DiscordRest rest;

	public SlashCommandListener(DiscordRest rest) {
		this.rest = rest;
	}

	@EventListener(condition = "#event.interaction().data()?.name() == 'ping'")
	public void onPingCommand(InteractionCreateEvent event) {
		Interaction interaction = event.interaction();
		if (!InteractionType.APPLICATION_COMMAND.equals(interaction.type())) {
			return;
		}
		logger.info("[shard {}] /ping run in channel {}; answering", event.shardId(), interaction.channelId());
		this.rest.respondToInteraction(interaction.id(), interaction.token(), "pong (slash command)")
			.subscribe(null, (ex) -> { /* logged by DiscordRest */ },
					() -> logger.info("[shard {}] /ping answered", event.shardId()));
	}

}
