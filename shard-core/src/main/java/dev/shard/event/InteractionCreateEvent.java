package dev.shard.event;

import dev.shard.model.Interaction;

/**
 * The {@code INTERACTION_CREATE} dispatch, or an interaction Discord POSTed to the application's interactions
 * endpoint: then {@link #shardId()} is {@link #HTTP_SHARD_ID} and {@link #viaHttp()} is {@code true}.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param interaction the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record InteractionCreateEvent(DispatchInfo info, Interaction interaction) implements DispatchEvent<Interaction> {

	/** The dispatch type name. */
	public static final String TYPE = "INTERACTION_CREATE";

	/** The shard id of an interaction received over HTTP: no shard delivered it. Its sequence is 0. */
	public static final int HTTP_SHARD_ID = -1;

	/**
	 * Whether Discord delivered this interaction by HTTP POST to the application's interactions endpoint rather than
	 * over the gateway.
	 * @return {@code true} for an HTTP interaction
	 */
	public boolean viaHttp() {
		return this.info.shardId() == HTTP_SHARD_ID;
	}

	@Override
	public Interaction payload() {
		return this.interaction;
	}

}
