package dev.shard.event;

import dev.shard.model.MessagePollVote;

/**
 * The {@code MESSAGE_POLL_VOTE_REMOVE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param vote the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record MessagePollVoteRemoveEvent(DispatchInfo info, MessagePollVote vote) implements DispatchEvent<MessagePollVote> {

	/** The dispatch type name. */
	public static final String TYPE = "MESSAGE_POLL_VOTE_REMOVE";

	@Override
	public MessagePollVote payload() {
		return this.vote;
	}

}
