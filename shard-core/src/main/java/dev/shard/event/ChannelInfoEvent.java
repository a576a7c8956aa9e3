package dev.shard.event;

import dev.shard.model.ChannelInfo;

/**
 * The {@code CHANNEL_INFO} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param channelInfo the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ChannelInfoEvent(DispatchInfo info, ChannelInfo channelInfo) implements DispatchEvent<ChannelInfo> {

	/** The dispatch type name. */
	public static final String TYPE = "CHANNEL_INFO";

	@Override
	public ChannelInfo payload() {
		return this.channelInfo;
	}

}
