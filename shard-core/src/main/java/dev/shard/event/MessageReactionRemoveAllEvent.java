package dev.shard.event;

import dev.shard.model.MessageReactionRemoveAll;

/**
 * The {@code MESSAGE_REACTION_REMOVE_ALL} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param removal the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageReactionRemoveAllEvent(DispatchInfo info, MessageReactionRemoveAll removal) implements DispatchEvent<MessageReactionRemoveAll> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_REACTION_REMOVE_ALL";

	@Override
	public MessageReactionRemoveAll payload() {
		return this.removal;
	}

}
