package dev.shard.event;

import dev.shard.model.MessageReactionRemove;

/**
 * The {@code MESSAGE_REACTION_REMOVE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param reaction the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageReactionRemoveEvent(DispatchInfo info, MessageReactionRemove reaction) implements DispatchEvent<MessageReactionRemove> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_REACTION_REMOVE";

	@Override
	public MessageReactionRemove payload() {
		return this.reaction;
	}

}
