package dev.shard.event;

import dev.shard.model.ChannelPinsUpdate;

/**
 * The {@code CHANNEL_PINS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ChannelPinsUpdateEvent(DispatchInfo info, ChannelPinsUpdate update) implements DispatchEvent<ChannelPinsUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "CHANNEL_PINS_UPDATE";

	@Override
	public ChannelPinsUpdate payload() {
		return this.update;
	}

}
