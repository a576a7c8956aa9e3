package dev.shard.event;

import dev.shard.model.VoiceChannelStatusUpdate;

/**
 * The {@code VOICE_CHANNEL_STATUS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record VoiceChannelStatusUpdateEvent(DispatchInfo info, VoiceChannelStatusUpdate update) implements DispatchEvent<VoiceChannelStatusUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "VOICE_CHANNEL_STATUS_UPDATE";

	@Override
	public VoiceChannelStatusUpdate payload() {
		return this.update;
	}

}
