package dev.shard.autoconfigure.interactions;

/** How Discord delivered an interaction, and so how its first answer goes back. */
public enum InteractionTransport {

	/** {@code INTERACTION_CREATE} on a shard; answered with {@code POST /interactions/{id}/{token}/callback}. */
	GATEWAY,

	/** A signed POST to the application's interactions endpoint; answered in the HTTP response. */
	HTTP

}
