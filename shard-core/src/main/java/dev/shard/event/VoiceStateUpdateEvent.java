package dev.shard.event;

import dev.shard.model.VoiceState;

/**
 * The {@code VOICE_STATE_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param voiceState the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record VoiceStateUpdateEvent(DispatchInfo info, VoiceState voiceState) implements DispatchEvent<VoiceState> {

	/** The dispatch type name. */
	public static final String TYPE = "VOICE_STATE_UPDATE";

	@Override
	public VoiceState payload() {
		return this.voiceState;
	}

}
