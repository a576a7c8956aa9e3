package dev.shard.autoconfigure.interactions;

import java.time.Duration;

/** What {@link Interactions} reports: Micrometer meters when a registry exists, nothing otherwise. */
interface InteractionMetrics {

	InteractionMetrics NONE = new InteractionMetrics() {

		@Override
		public void answered(InteractionTransport transport, Duration latency, boolean automatic) {
		}

	};

	/**
	 * The first answer of an interaction went out.
	 * @param transport how the interaction came
	 * @param latency from the interaction's creation to the answer
	 * @param automatic whether it was the deadline guard's defer
	 */
	void answered(InteractionTransport transport, Duration latency, boolean automatic);

}
