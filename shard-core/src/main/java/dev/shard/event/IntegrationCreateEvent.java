package dev.shard.event;

import dev.shard.model.Integration;

/**
 * The {@code INTEGRATION_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param integration the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record IntegrationCreateEvent(DispatchInfo info, Integration integration) implements DispatchEvent<Integration> {

	/** The dispatch type name. */
	public static final String TYPE = "INTEGRATION_CREATE";

	@Override
	public Integration payload() {
		return this.integration;
	}

}
