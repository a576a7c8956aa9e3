package dev.shard.autoconfigure;

import java.util.Map;

import dev.shard.gateway.GatewayDispatch;

/**
 * Publishes every dispatch as the core's {@link GatewayDispatch} (no typed events). Placeholder until the event
 * model's registry is wired in.
 */
final class NoModelEventBinder implements DiscordEventBinder {

	@Override
	public Map<String, Class<?>> eventClasses() {
		return Map.of();
	}

	@Override
	public Object bind(GatewayDispatch dispatch) {
		return dispatch;
	}

	@Override
	public Class<?> rawEventClass() {
		return GatewayDispatch.class;
	}

	@Override
	public Object raw(GatewayDispatch dispatch) {
		return dispatch;
	}

}
