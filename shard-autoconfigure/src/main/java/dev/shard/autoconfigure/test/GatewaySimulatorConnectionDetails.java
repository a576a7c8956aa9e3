package dev.shard.autoconfigure.test;

import java.net.URI;

import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.test.simulator.GatewaySimulator;

/**
 * Points the starter at a {@link GatewaySimulator}: its token and REST base URL. The gateway URL is not set, so the
 * starter discovers it through the simulator's {@code GET /gateway/bot}, as it does on Discord. Used by
 * {@link AutoConfigureDiscordSimulator}, and by applications that start a simulator of their own (a dev profile).
 *
 * @param simulator the simulator
 */
public record GatewaySimulatorConnectionDetails(GatewaySimulator simulator) implements DiscordConnectionDetails {

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
		return "GatewaySimulatorConnectionDetails[token=[redacted], apiBaseUrl=" + apiBaseUrl() + "]";
	}

}
