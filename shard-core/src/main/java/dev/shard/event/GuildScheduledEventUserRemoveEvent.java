package dev.shard.event;

import dev.shard.model.ScheduledEventUser;

/**
 * The {@code GUILD_SCHEDULED_EVENT_USER_REMOVE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param subscription the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildScheduledEventUserRemoveEvent(DispatchInfo info, ScheduledEventUser subscription) implements DispatchEvent<ScheduledEventUser> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_SCHEDULED_EVENT_USER_REMOVE";

	@Override
	public ScheduledEventUser payload() {
		return this.subscription;
	}

}
