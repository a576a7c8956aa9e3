package dev.shard.autoconfigure.interactions;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code discord.interactions.answer.latency} (timer, from the interaction's creation to its first answer; tags
 * {@code transport} and {@code auto.deferred}) and {@code discord.interactions.auto.deferred} (counter; tag
 * {@code transport}).
 */
final class MicrometerInteractionMetrics implements InteractionMetrics {

	private final MeterRegistry registry;

	MicrometerInteractionMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (InteractionTransport transport : InteractionTransport.values()) {
			// present from the start, so that dashboards and alerts see a zero rather than no data
			autoDeferred(transport);
		}
	}

	@Override
	public void answered(InteractionTransport transport, Duration latency, boolean automatic) {
		Timer.builder("discord.interactions.answer.latency")
			.description("From an interaction's creation to its first answer; Discord allows 3 seconds")
			.tag("transport", tag(transport))
			.tag("auto.deferred", Boolean.toString(automatic))
			.publishPercentileHistogram()
			.register(this.registry)
			.record(latency.isNegative() ? Duration.ZERO : latency);
		if (automatic) {
			autoDeferred(transport).increment();
		}
	}

	private Counter autoDeferred(InteractionTransport transport) {
		return Counter.builder("discord.interactions.auto.deferred")
			.description("Interactions no listener answered in time, deferred by the deadline guard")
			.tag("transport", tag(transport))
			.register(this.registry);
	}

	private static String tag(InteractionTransport transport) {
		return transport.name().toLowerCase(Locale.ROOT);
	}

}
