package dev.shard.event;

import dev.shard.model.SoundboardSound;

/**
 * The {@code GUILD_SOUNDBOARD_SOUND_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param sound the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildSoundboardSoundCreateEvent(DispatchInfo info, SoundboardSound sound) implements DispatchEvent<SoundboardSound> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_SOUNDBOARD_SOUND_CREATE";

	@Override
	public SoundboardSound payload() {
		return this.sound;
	}

}
