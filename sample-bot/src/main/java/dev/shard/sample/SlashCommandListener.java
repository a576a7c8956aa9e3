package dev.shard.sample;

import dev.shard.autoconfigure.interactions.InteractionMessage;
import dev.shard.autoconfigure.interactions.Interactions;
import dev.shard.event.InteractionCreateEvent;
import dev.shard.model.Interaction;
import dev.shard.model.InteractionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Answers the {@code /ping} slash command with {@code pong} and a button, and the button by updating that message,
 * through the starter's {@link Interactions}. The same methods serve interactions from the gateway and from the HTTP
 * interactions endpoint ({@code discord.interactions.public-key}); the answer goes back the way the interaction came.
 * (Registering the command with Discord is a REST call done once per application; not part of this sample.)
 */
@Component
public class SlashCommandListener {

	private static final Logger logger = LoggerFactory.getLogger(SlashCommandListener.class);

	/** The custom id of the button under the pong. */
	public static final String PING_AGAIN = "ping-again";

	private final Interactions interactions;

	public SlashCommandListener(Interactions interactions) {
		this.interactions = interactions;
	}

	@EventListener(condition = "#event.interaction().data()?.name() == 'ping'")
	public void onPingCommand(InteractionCreateEvent event) {
		Interaction interaction = event.interaction();
		if (!InteractionType.APPLICATION_COMMAND.equals(interaction.type())) {
			return;
		}
		logger.info("[{}] /ping run in channel {}; answering", origin(event), interaction.channelId());
		this.interactions
			.reply(event, InteractionMessage.of("pong").withComponents(InteractionMessage.buttonRow(PING_AGAIN, "Ping again")))
			.thenRun(() -> logger.info("[{}] /ping answered", origin(event)));
	}

	@EventListener(condition = "#event.interaction().data()?.customId() == 'ping-again'")
	public void onPingAgain(InteractionCreateEvent event) {
		logger.info("[{}] button {} clicked; updating its message", origin(event), PING_AGAIN);
		this.interactions
			.update(event, InteractionMessage.of("pong again").withComponents(InteractionMessage.buttonRow(PING_AGAIN, "Ping again")))
			.thenRun(() -> logger.info("[{}] button answered", origin(event)));
	}

	private static String origin(InteractionCreateEvent event) {
		return event.viaHttp() ? "http" : "shard " + event.shardId();
	}

}
