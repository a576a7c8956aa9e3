package dev.shard.event;

import dev.shard.model.VoiceChannelStartTimeUpdate;

/**
 * The {@code VOICE_CHANNEL_START_TIME_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record VoiceChannelStartTimeUpdateEvent(DispatchInfo info, VoiceChannelStartTimeUpdate update) implements DispatchEvent<VoiceChannelStartTimeUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "VOICE_CHANNEL_START_TIME_UPDATE";

	@Override
	public VoiceChannelStartTimeUpdate payload() {
		return this.update;
	}

}
