package dev.shard.sample.simulator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded gateway simulator, used only when no bot token is set.
 *
 * @param port Port of the simulator's REST API and gateway (0 for any free port).
 * @param guilds Number of synthetic guilds the bot is in.
 * @param heartbeatInterval Heartbeat interval the simulator asks for in Hello.
 * @param script Whether to play the scripted conversation (/ping, its button, a reconnect) once the bot is connected.
 * @param interactions How the simulator delivers interactions: over the gateway, or as signed POSTs to the bot's
 * HTTP interactions endpoint (which then turns on, with the simulator's public key).
 */
@ConfigurationProperties("sample.simulator")
public record SimulatorProperties(@DefaultValue("0") int port, @DefaultValue("3") int guilds,
		@DefaultValue("41250ms") Duration heartbeatInterval, @DefaultValue("true") boolean script,
		@DefaultValue("gateway") Delivery interactions) {

	/** How interactions reach the bot. */
	public enum Delivery {

		/** {@code INTERACTION_CREATE} on the gateway, as for an application without an interactions endpoint URL. */
		GATEWAY,

		/** Signed HTTP POSTs to {@code discord.interactions.path}. */
		HTTP

	}

}
