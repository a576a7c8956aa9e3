package dev.shard.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and keys of the connection attempt observations. Define a bean of this type to replace
 * {@link DefaultDiscordConnectionObservationConvention}.
 */
public interface DiscordConnectionObservationConvention
		extends ObservationConvention<DiscordConnectionObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DiscordConnectionObservationContext;
	}

}
