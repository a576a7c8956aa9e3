package dev.shard.event;

import dev.shard.model.MessageReactionAdd;

/**
 * The {@code MESSAGE_REACTION_ADD} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param reaction the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageReactionAddEvent(DispatchInfo info, MessageReactionAdd reaction) implements DispatchEvent<MessageReactionAdd> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_REACTION_ADD";

	@Override
	public MessageReactionAdd payload() {
		return this.reaction;
	}

}
