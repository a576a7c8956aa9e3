package dev.shard.autoconfigure.interactions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import dev.shard.event.InteractionCreateEvent;
import dev.shard.model.Interaction;
import org.jspecify.annotations.Nullable;

/**
 * One interaction between its arrival and the end of its token's life: who gave its first answer, and when Discord
 * had it. The first answer is claimed once ({@link #claim}), by a listener or by the deadline guard, whichever comes
 * first; everything after it waits for {@link #acknowledged}.
 */
final class PendingInteraction {

	final InteractionCreateEvent event;

	final Interaction interaction;

	final InteractionTransport transport;

	/** When Discord's 3 seconds started (epoch millis): the snowflake's time, unless the clocks disagree. */
	final long startMillis;

	/** HTTP only: the JSON of the first answer, which the endpoint writes as its response. */
	final CompletableFuture<String> httpAnswer = new CompletableFuture<>();

	/** Completes when Discord has the first answer (callback accepted, or HTTP response written). */
	final CompletableFuture<Void> acknowledged = new CompletableFuture<>();

	/** The delivery thread while the listeners of this interaction run, else {@code null}. */
	volatile @Nullable Thread listenerThread;

	private int firstAnswerType;

	private @Nullable ScheduledFuture<?> deadline;

	private boolean timersStarted;

	PendingInteraction(InteractionCreateEvent event, InteractionTransport transport, long startMillis) {
		this.event = event;
		this.interaction = event.interaction();
		this.transport = transport;
		this.startMillis = startMillis;
	}

	/**
	 * Claim the first answer.
	 * @param type the callback type
	 * @return whether this is the first answer (otherwise the interaction was already answered or deferred)
	 */
	synchronized boolean claim(int type) {
		if (this.firstAnswerType != 0) {
			return false;
		}
		this.firstAnswerType = type;
		if (this.deadline != null) {
			this.deadline.cancel(false);
		}
		return true;
	}

	/** The callback type of the first answer, or 0 while there is none. */
	synchronized int firstAnswerType() {
		return this.firstAnswerType;
	}

	synchronized void deadline(ScheduledFuture<?> deadline) {
		if (this.firstAnswerType != 0) {
			deadline.cancel(false);
		}
		this.deadline = deadline;
	}

	/**
	 * Mark the interaction's timers as started.
	 * @return {@code true} the first time only
	 */
	synchronized boolean startTimers() {
		if (this.timersStarted) {
			return false;
		}
		this.timersStarted = true;
		return true;
	}

}
