package dev.shard.event;

import dev.shard.model.StageInstance;

/**
 * The {@code STAGE_INSTANCE_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param stageInstance the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record StageInstanceUpdateEvent(DispatchInfo info, StageInstance stageInstance) implements DispatchEvent<StageInstance> {

	/** The dispatch type name. */
	public static final String TYPE = "STAGE_INSTANCE_UPDATE";

	@Override
	public StageInstance payload() {
		return this.stageInstance;
	}

}
