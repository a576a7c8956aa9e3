package dev.shard.autoconfigure.interactions;

import dev.shard.event.InteractionCreateEvent;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Brackets the application's listeners of each interaction: the first one starts the deadline guard and notes the
 * delivery thread, the last one notes that the listeners returned, so that the guard's warning can name the
 * listener still running. Listeners run synchronously on the shard's delivery lane (or, for HTTP, on a worker), so
 * the guard runs on a timer of its own and never waits for them.
 */
final class InteractionListenerTracker {

	private final Interactions interactions;

	InteractionListenerTracker(Interactions interactions) {
		this.interactions = interactions;
	}

	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void listenersStart(InteractionCreateEvent event) {
		if (event.interaction() != null && event.interaction().id() != null && event.interaction().token() != null) {
			this.interactions.listenersStarted(event);
		}
	}

	@EventListener
	@Order(Ordered.LOWEST_PRECEDENCE)
	void listenersReturned(InteractionCreateEvent event) {
		if (event.interaction() != null && event.interaction().id() != null && event.interaction().token() != null) {
			this.interactions.listenersReturned(event);
		}
	}

}
