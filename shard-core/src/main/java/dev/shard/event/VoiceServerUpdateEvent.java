package dev.shard.event;

import dev.shard.model.VoiceServerUpdate;

/**
 * The {@code VOICE_SERVER_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param voiceServer the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record VoiceServerUpdateEvent(DispatchInfo info, VoiceServerUpdate voiceServer) implements DispatchEvent<VoiceServerUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "VOICE_SERVER_UPDATE";

	@Override
	public VoiceServerUpdate payload() {
		return this.voiceServer;
	}

}
