package dev.shard.event;

import dev.shard.model.AutoModActionExecution;

/**
 * The {@code AUTO_MODERATION_ACTION_EXECUTION} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param execution the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record AutoModerationActionExecutionEvent(DispatchInfo info, AutoModActionExecution execution) implements DispatchEvent<AutoModActionExecution> {

	/** The dispatch type name. */
	public static final String TYPE = "AUTO_MODERATION_ACTION_EXECUTION";

	@Override
	public AutoModActionExecution payload() {
		return this.execution;
	}

}
