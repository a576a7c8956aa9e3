package dev.shard.autoconfigure.observation;

import java.util.Locale;

import dev.shard.autoconfigure.observation.DiscordObservationDocumentation.ConnectionHighCardinalityKeyNames;
import dev.shard.autoconfigure.observation.DiscordObservationDocumentation.ConnectionLowCardinalityKeyNames;
import dev.shard.gateway.ReconnectCause;
import io.micrometer.common.KeyValues;

/**
 * The default {@link DiscordConnectionObservationConvention}: observation {@value #NAME}, named
 * {@code discord identify} or {@code discord resume} in traces, with the kind, outcome and failure cause as low
 * cardinality keys and the shard as a high cardinality key.
 */
public class DefaultDiscordConnectionObservationConvention implements DiscordConnectionObservationConvention {

	/** The observation's name. */
	public static final String NAME = "discord.gateway.connection";

	private static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DiscordConnectionObservationContext context) {
		return context.isResume() ? "discord resume" : "discord identify";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DiscordConnectionObservationContext context) {
		String outcome = context.getOutcome();
		ReconnectCause cause = context.getCause();
		return KeyValues.of(ConnectionLowCardinalityKeyNames.KIND.withValue(context.isResume() ? "resume" : "identify"),
				ConnectionLowCardinalityKeyNames.OUTCOME.withValue((outcome != null) ? outcome : NONE),
				ConnectionLowCardinalityKeyNames.CAUSE
					.withValue((cause != null) ? cause.name().toLowerCase(Locale.ROOT) : NONE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DiscordConnectionObservationContext context) {
		return KeyValues.of(ConnectionHighCardinalityKeyNames.SHARD_ID.withValue(String.valueOf(context.getShardId())));
	}

}
