package dev.shard.event;

import dev.shard.model.MessageDeleteBulk;

/**
 * The {@code MESSAGE_DELETE_BULK} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param deletion the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageDeleteBulkEvent(DispatchInfo info, MessageDeleteBulk deletion) implements DispatchEvent<MessageDeleteBulk> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_DELETE_BULK";

	@Override
	public MessageDeleteBulk payload() {
		return this.deletion;
	}

}
