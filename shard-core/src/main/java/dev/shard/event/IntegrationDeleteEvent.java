package dev.shard.event;

import dev.shard.model.IntegrationDelete;

/**
 * The {@code INTEGRATION_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param deletion the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record IntegrationDeleteEvent(DispatchInfo info, IntegrationDelete deletion) implements DispatchEvent<IntegrationDelete> {

	/** The dispatch type name. */
	public static final String TYPE = "INTEGRATION_DELETE";

	@Override
	public IntegrationDelete payload() {
		return this.deletion;
	}

}
