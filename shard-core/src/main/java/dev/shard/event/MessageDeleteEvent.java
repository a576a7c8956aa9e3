package dev.shard.event;

import dev.shard.model.MessageDelete;

/**
 * The {@code MESSAGE_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param deletion the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageDeleteEvent(DispatchInfo info, MessageDelete deletion) implements DispatchEvent<MessageDelete> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_DELETE";

	@Override
	public MessageDelete payload() {
		return this.deletion;
	}

}
