package dev.shard.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.shard.event.EventBinder;
import dev.shard.event.EventType;
import dev.shard.event.EventTypes;
import dev.shard.event.RawDispatchEvent;
import dev.shard.gateway.GatewayDispatch;

/**
 * {@link DiscordEventBinder} over the event model's registry ({@link EventTypes}) and streaming binder.
 */
final class ModelEventBinder implements DiscordEventBinder {

	private final EventBinder binder;

	private final Map<String, Class<?>> eventClasses;

	ModelEventBinder(EventBinder binder) {
		this.binder = binder;
		Map<String, Class<?>> classes = new LinkedHashMap<>();
		for (EventType<?, ?> type : EventTypes.all()) {
			classes.put(type.name(), type.eventType());
		}
		this.eventClasses = Map.copyOf(classes);
	}

	@Override
	public Map<String, Class<?>> eventClasses() {
		return this.eventClasses;
	}

	@Override
	public Object bind(GatewayDispatch dispatch) {
		return this.binder.bind(dispatch.shardId(), dispatch.sequence(), dispatch.type(), dispatch.frame());
	}

	@Override
	public Class<?> rawEventClass() {
		return RawDispatchEvent.class;
	}

	@Override
	public Object raw(GatewayDispatch dispatch) {
		return new RawDispatchEvent(dispatch.shardId(), dispatch.sequence(), dispatch.type(), dispatch.frame());
	}

}
