package dev.shard.event;

import dev.shard.model.SoundboardSound;

/**
 * The {@code GUILD_SOUNDBOARD_SOUND_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param sound the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildSoundboardSoundUpdateEvent(DispatchInfo info, SoundboardSound sound) implements DispatchEvent<SoundboardSound> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_SOUNDBOARD_SOUND_UPDATE";

	@Override
	public SoundboardSound payload() {
		return this.sound;
	}

}
