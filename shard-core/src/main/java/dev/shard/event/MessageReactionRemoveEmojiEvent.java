package dev.shard.event;

import dev.shard.model.MessageReactionRemoveEmoji;

/**
 * The {@code MESSAGE_REACTION_REMOVE_EMOJI} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param removal the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessageReactionRemoveEmojiEvent(DispatchInfo info, MessageReactionRemoveEmoji removal) implements DispatchEvent<MessageReactionRemoveEmoji> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_REACTION_REMOVE_EMOJI";

	@Override
	public MessageReactionRemoveEmoji payload() {
		return this.removal;
	}

}
