package dev.shard.autoconfigure;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Runs each call of a listener of Discord events, e.g. inside an observation (see
 * {@link DiscordEventBridge#setListenerInvoker}). Without one, listeners are called directly.
 */
@FunctionalInterface
public interface DiscordListenerInvoker {

	/**
	 * Call one listener with one event: run {@code call} exactly once, on the calling thread, and let what it throws
	 * propagate (the caller logs it and goes on with the next listener).
	 * @param listener the listener
	 * @param event the event as Spring delivers it; for Discord events a {@code PayloadApplicationEvent} whose
	 * payload is the Discord event
	 * @param call calls the listener
	 */
	void invoke(ApplicationListener<?> listener, ApplicationEvent event, ListenerCall call);

	/** The call of one listener with one event. */
	@FunctionalInterface
	interface ListenerCall {

		/**
		 * Call the listener.
		 * @param listener the listener
		 * @param event the event
		 */
		void invoke(ApplicationListener<?> listener, ApplicationEvent event);

	}

}
