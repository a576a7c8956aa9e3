package dev.shard.autoconfigure.observation;

import dev.shard.autoconfigure.observation.DiscordObservationDocumentation.ListenerHighCardinalityKeyNames;
import dev.shard.autoconfigure.observation.DiscordObservationDocumentation.ListenerLowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link DiscordListenerObservationConvention}: observation {@value #NAME}, named after the listener
 * (e.g. {@code PingListener.onMessage}) in traces, with the event type and the listener as low cardinality keys and
 * the shard as a high cardinality key.
 */
public class DefaultDiscordListenerObservationConvention implements DiscordListenerObservationConvention {

	/** The observation's name. */
	public static final String NAME = "discord.event.listener";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DiscordListenerObservationContext context) {
		return context.getListenerName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DiscordListenerObservationContext context) {
		return KeyValues.of(ListenerLowCardinalityKeyNames.EVENT_TYPE.withValue(context.getEventType()),
				ListenerLowCardinalityKeyNames.LISTENER.withValue(context.getListenerName()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DiscordListenerObservationContext context) {
		Integer shardId = context.getShardId();
		return (shardId != null) ? KeyValues.of(ListenerHighCardinalityKeyNames.SHARD_ID.withValue(shardId.toString()))
				: KeyValues.empty();
	}

}
