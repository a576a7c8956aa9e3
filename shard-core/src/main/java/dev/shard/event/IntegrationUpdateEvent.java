package dev.shard.event;

import dev.shard.model.Integration;

/**
 * The {@code INTEGRATION_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param integration the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record IntegrationUpdateEvent(DispatchInfo info, Integration integration) implements DispatchEvent<Integration> {

	/** The dispatch type name. */
	public static final String TYPE = "INTEGRATION_UPDATE";

	@Override
	public Integration payload() {
		return this.integration;
	}

}
