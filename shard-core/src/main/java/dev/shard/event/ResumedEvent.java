package dev.shard.event;

import dev.shard.model.Resumed;

/**
 * The {@code RESUMED} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param resumed the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ResumedEvent(DispatchInfo info, Resumed resumed) implements DispatchEvent<Resumed> {

	/** The dispatch type name. */
	public static final String TYPE = "RESUMED";

	@Override
	public Resumed payload() {
		return this.resumed;
	}

}
