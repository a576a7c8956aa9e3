package dev.shard.event;

import dev.shard.model.Ready;

/**
 * The {@code READY} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param ready the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ReadyEvent(DispatchInfo info, Ready ready) implements DispatchEvent<Ready> {

	/** The dispatch type name. */
	public static final String TYPE = "READY";

	@Override
	public Ready payload() {
		return this.ready;
	}

}
