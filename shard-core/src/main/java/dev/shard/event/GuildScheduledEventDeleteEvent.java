package dev.shard.event;

import dev.shard.model.ScheduledEvent;

/**
 * The {@code GUILD_SCHEDULED_EVENT_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param scheduledEvent the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildScheduledEventDeleteEvent(DispatchInfo info, ScheduledEvent scheduledEvent) implements DispatchEvent<ScheduledEvent> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_SCHEDULED_EVENT_DELETE";

	@Override
	public ScheduledEvent payload() {
		return this.scheduledEvent;
	}

}
