package dev.shard.event;

import dev.shard.model.VoiceChannelEffectSend;

/**
 * The {@code VOICE_CHANNEL_EFFECT_SEND} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param effect the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record VoiceChannelEffectSendEvent(DispatchInfo info, VoiceChannelEffectSend effect) implements DispatchEvent<VoiceChannelEffectSend> {

	/** The dispatch type name. */
	public static final String TYPE = "VOICE_CHANNEL_EFFECT_SEND";

	@Override
	public VoiceChannelEffectSend payload() {
		return this.effect;
	}

}
