package dev.shard.event;

import dev.shard.model.ThreadListSync;

/**
 * The {@code THREAD_LIST_SYNC} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param sync the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ThreadListSyncEvent(DispatchInfo info, ThreadListSync sync) implements DispatchEvent<ThreadListSync> {

	/** The dispatch type name. */
	public static final String TYPE = "THREAD_LIST_SYNC";

	@Override
	public ThreadListSync payload() {
		return this.sync;
	}

}
