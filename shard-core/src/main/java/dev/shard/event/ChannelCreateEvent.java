package dev.shard.event;

import dev.shard.model.Channel;

/**
 * The {@code CHANNEL_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param channel the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ChannelCreateEvent(DispatchInfo info, Channel channel) implements DispatchEvent<Channel> {

	/** The dispatch type name. */
	public static final String TYPE = "CHANNEL_CREATE";

	@Override
	public Channel payload() {
		return this.channel;
	}

}
