package dev.shard.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * Context of the observation of one listener call ({@link DiscordObservationDocumentation#LISTENER}).
 */
public class DiscordListenerObservationContext extends Observation.Context {

	private final ApplicationListener<?> listener;

	private final String listenerName;

	private final Object event;

	private final String eventType;

	private final @Nullable Integer shardId;

	/**
	 * Create a context.
	 * @param listener the listener called
	 * @param listenerName its name ({@code Class.method} of an {@code @EventListener} method, or its id)
	 * @param event the Discord event (the payload, not Spring's wrapper)
	 * @param eventType the event's type name, e.g. {@code MessageCreateEvent}
	 * @param shardId the shard the event came from, {@code null} if none
	 */
	public DiscordListenerObservationContext(ApplicationListener<?> listener, String listenerName, Object event,
			String eventType, @Nullable Integer shardId) {
		this.listener = listener;
		this.listenerName = listenerName;
		this.event = event;
		this.eventType = eventType;
		this.shardId = shardId;
	}

	/** The listener called. */
	public ApplicationListener<?> getListener() {
		return this.listener;
	}

	/** The listener's name: {@code Class.method} of an {@code @EventListener} method (or its id), else its class. */
	public String getListenerName() {
		return this.listenerName;
	}

	/** The Discord event. */
	public Object getEvent() {
		return this.event;
	}

	/** The event's type name, e.g. {@code MessageCreateEvent} or {@code ShardLifecycleEvent.Ready}. */
	public String getEventType() {
		return this.eventType;
	}

	/** The shard the event came from, or {@code null} for events of no one shard (re-shard steps). */
	public @Nullable Integer getShardId() {
		return this.shardId;
	}

}
