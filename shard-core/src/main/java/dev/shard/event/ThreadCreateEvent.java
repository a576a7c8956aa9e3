package dev.shard.event;

import dev.shard.model.Channel;

/**
 * The {@code THREAD_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param thread the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ThreadCreateEvent(DispatchInfo info, Channel thread) implements DispatchEvent<Channel> {

	/** The dispatch type name. */
	public static final String TYPE = "THREAD_CREATE";

	@Override
	public Channel payload() {
		return this.thread;
	}

}
