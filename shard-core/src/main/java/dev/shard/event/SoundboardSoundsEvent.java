package dev.shard.event;

import dev.shard.model.SoundboardSounds;

/**
 * The {@code SOUNDBOARD_SOUNDS} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param sounds the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record SoundboardSoundsEvent(DispatchInfo info, SoundboardSounds sounds) implements DispatchEvent<SoundboardSounds> {

	/** The dispatch type name. */
	public static final String TYPE = "SOUNDBOARD_SOUNDS";

	@Override
	public SoundboardSounds payload() {
		return this.sounds;
	}

}
