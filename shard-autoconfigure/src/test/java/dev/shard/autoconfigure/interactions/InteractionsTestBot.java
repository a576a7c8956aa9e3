package dev.shard.autoconfigure.interactions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.shard.event.InteractionCreateEvent;
import dev.shard.model.Interaction;
import dev.shard.model.InteractionType;

import org.springframework.context.event.EventListener;

/**
 * One listener for every kind of interaction, written once: the tests deliver the same interactions over the
 * gateway and over HTTP to this same method.
 */
class InteractionsTestBot {

	private final Interactions interactions;

	/** The interactions the listener saw, by id. */
	final Map<String, InteractionCreateEvent> seen = new ConcurrentHashMap<>();

	/** Failures of the answers' futures. */
	final List<Throwable> failures = new CopyOnWriteArrayList<>();

	InteractionsTestBot(Interactions interactions) {
		this.interactions = interactions;
	}

	@EventListener
	void on(InteractionCreateEvent event) throws InterruptedException {
		Interaction interaction = event.interaction();
		this.seen.put(interaction.id().asString(), event);
		InteractionType type = interaction.type();
		if (InteractionType.APPLICATION_COMMAND.equals(type)) {
			switch (interaction.data().name()) {
				case "ping" -> watch(this.interactions.reply(event,
						InteractionMessage.of("pong").withComponents(InteractionMessage.buttonRow("again", "Again"))));
				case "secret" -> watch(this.interactions.reply(event, InteractionMessage.of("psst").asEphemeral()));
				case "report" -> {
					watch(this.interactions.defer(event, true));
					watch(this.interactions.followUp(event, InteractionMessage.of("report ready")));
				}
				case "sleepy" -> {
					// a listener far slower than Discord's 3 s: the deadline guard must defer for it
					Thread.sleep(4000);
					watch(this.interactions.reply(event, "finally awake"));
				}
				case "edit" -> {
					watch(this.interactions.reply(event, "draft"));
					watch(this.interactions.editOriginal(event, InteractionMessage.of("final")));
				}
				case "feedback" -> watch(this.interactions.modal(event, "feedback-form", "Feedback",
						List.of(Interactions.textInput("text", "Your feedback", true))));
				default -> watch(this.interactions.reply(event, "unknown command"));
			}
		}
		else if (InteractionType.MESSAGE_COMPONENT.equals(type)) {
			if (interaction.data().customId().equals("slow-button")) {
				// past the deadline: the guard defers without a loading state (6), the update edits the message
				Thread.sleep(2500);
			}
			watch(this.interactions.update(event, InteractionMessage.of("clicked " + interaction.data().customId())));
		}
		else if (InteractionType.MODAL_SUBMIT.equals(type)) {
			String text = interaction.data().components().get(0).components().get(0).value();
			watch(this.interactions.reply(event, "thanks for: " + text));
		}
		else if (InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE.equals(type)) {
			String typed = interaction.data().options().get(0).value().asString();
			watch(this.interactions.autocomplete(event, List.of(new AutocompleteChoice(typed + "ue", typed + "ue"),
					new AutocompleteChoice(typed + "ack", typed + "ack"))));
		}
	}

	private void watch(CompletableFuture<?> future) {
		future.whenComplete((result, ex) -> {
			if (ex != null) {
				this.failures.add((ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex);
			}
		});
	}

}
