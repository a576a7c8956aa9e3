package dev.shard.event;

import dev.shard.model.Interaction;

/**
 * The {@code INTERACTION_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param interaction the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record InteractionCreateEvent(DispatchInfo info, Interaction interaction) implements DispatchEvent<Interaction> {

	/** The dispatch type name. */
	public static final String TYPE = "INTERACTION_CREATE";

	@Override
	public Interaction payload() {
		return this.interaction;
	}

}
