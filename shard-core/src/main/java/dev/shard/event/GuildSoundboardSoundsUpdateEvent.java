package dev.shard.event;

import dev.shard.model.SoundboardSounds;

/**
 * The {@code GUILD_SOUNDBOARD_SOUNDS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param sounds the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildSoundboardSoundsUpdateEvent(DispatchInfo info, SoundboardSounds sounds) implements DispatchEvent<SoundboardSounds> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_SOUNDBOARD_SOUNDS_UPDATE";

	@Override
	public SoundboardSounds payload() {
		return this.sounds;
	}

}
