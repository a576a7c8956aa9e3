package dev.shard.event;

import dev.shard.model.AutoModRule;

/**
 * The {@code AUTO_MODERATION_RULE_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param rule the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record AutoModerationRuleDeleteEvent(DispatchInfo info, AutoModRule rule) implements DispatchEvent<AutoModRule> {

	/** The dispatch type name. */
	public static final String TYPE = "AUTO_MODERATION_RULE_DELETE";

	@Override
	public AutoModRule payload() {
		return this.rule;
	}

}
