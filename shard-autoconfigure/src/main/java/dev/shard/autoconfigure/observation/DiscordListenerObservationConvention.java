package dev.shard.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the listener call observations. Define a bean of this type to replace
 * {@link DefaultDiscordListenerObservationConvention} (or extend that to add keys).
 */
public interface DiscordListenerObservationConvention
		extends ObservationConvention<DiscordListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DiscordListenerObservationContext;
	}

}
