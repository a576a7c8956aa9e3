package dev.shard.event;

import dev.shard.model.ThreadMembersUpdate;

/**
 * The {@code THREAD_MEMBERS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ThreadMembersUpdateEvent(DispatchInfo info, ThreadMembersUpdate update) implements DispatchEvent<ThreadMembersUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "THREAD_MEMBERS_UPDATE";

	@Override
	public ThreadMembersUpdate payload() {
		return this.update;
	}

}
