package dev.shard.event;

import dev.shard.model.Channel;

/**
 * The {@code THREAD_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param thread the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ThreadDeleteEvent(DispatchInfo info, Channel thread) implements DispatchEvent<Channel> {

	/** The dispatch type name. */
	public static final String TYPE = "THREAD_DELETE";

	@Override
	public Channel payload() {
		return this.thread;
	}

}
