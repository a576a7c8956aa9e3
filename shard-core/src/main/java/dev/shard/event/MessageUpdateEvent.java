package dev.shard.event;

import dev.shard.model.Message;

/**
 * The {@code MESSAGE_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param message the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageUpdateEvent(DispatchInfo info, Message message) implements DispatchEvent<Message> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_UPDATE";

	@Override
	public Message payload() {
		return this.message;
	}

}
