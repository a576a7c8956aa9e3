package dev.shard.autoconfigure;

import java.util.Map;

import dev.shard.gateway.GatewayDispatch;

/**
 * Turns dispatches into the event objects published to listeners. Adapts the event model ({@code dev.shard.event})
 * so the bridge does not depend on how the model's registry is shaped.
 */
interface DiscordEventBinder {

	/**
	 * The typed event class of every known dispatch type.
	 * @return event classes by dispatch type name
	 */
	Map<String, Class<?>> eventClasses();

	/**
	 * Bind a dispatch of a known type to its typed event.
	 * @param dispatch the dispatch
	 * @return the event
	 */
	Object bind(GatewayDispatch dispatch);

	/** The class of the raw (any dispatch) event. */
	Class<?> rawEventClass();

	/**
	 * The raw event of any dispatch, known type or not.
	 * @param dispatch the dispatch
	 * @return the event
	 */
	Object raw(GatewayDispatch dispatch);

}
