package dev.shard.event;

import dev.shard.model.SoundboardSoundDelete;

/**
 * The {@code GUILD_SOUNDBOARD_SOUND_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param deletion the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildSoundboardSoundDeleteEvent(DispatchInfo info, SoundboardSoundDelete deletion) implements DispatchEvent<SoundboardSoundDelete> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_SOUNDBOARD_SOUND_DELETE";

	@Override
	public SoundboardSoundDelete payload() {
		return this.deletion;
	}

}
