package dev.shard.sample.simulator;

import java.net.URI;

import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.test.simulator.GatewaySimulator;

/**
 * Connects the starter (and the sample's REST client) to the embedded simulator. The gateway URL is not set: the
 * starter discovers it through {@code GET /gateway/bot}, as it does on Discord.
 */
final class SimulatorConnectionDetails implements DiscordConnectionDetails {

	private final GatewaySimulator simulator;

	SimulatorConnectionDetails(GatewaySimulator simulator) {
		this.simulator = simulator;
	}

	@Override
	public String token() {
		return this.simulator.token();
	}

	@Override
	public URI apiBaseUrl() {
		return URI.create(this.simulator.restBaseUrl());
	}

	@Override
	public String toString() {
		return "SimulatorConnectionDetails[token=[redacted], apiBaseUrl=" + apiBaseUrl() + "]";
	}

}
