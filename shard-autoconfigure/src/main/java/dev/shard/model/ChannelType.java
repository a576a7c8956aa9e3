package dev.shard.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Channel type as sent by Discord (an integer). Values this version does not know are kept as they
 * are ({@link #isKnown()} is {@code false}) instead of failing the binding.
 *
 * @param value the raw integer
 */
public record ChannelType(int value) {

	public static final ChannelType GUILD_TEXT = new ChannelType(0);

	public static final ChannelType DM = new ChannelType(1);

	public static final ChannelType GUILD_VOICE = new ChannelType(2);

	public static final ChannelType GROUP_DM = new ChannelType(3);

	public static final ChannelType GUILD_CATEGORY = new ChannelType(4);

	public static final ChannelType GUILD_ANNOUNCEMENT = new ChannelType(5);

	public static final ChannelType ANNOUNCEMENT_THREAD = new ChannelType(10);

	public static final ChannelType PUBLIC_THREAD = new ChannelType(11);

	public static final ChannelType PRIVATE_THREAD = new ChannelType(12);

	public static final ChannelType GUILD_STAGE_VOICE = new ChannelType(13);

	public static final ChannelType GUILD_DIRECTORY = new ChannelType(14);

	public static final ChannelType GUILD_FORUM = new ChannelType(15);

	public static final ChannelType GUILD_MEDIA = new ChannelType(16);

	private static final ChannelType[] KNOWN = new ChannelType[17];

	static {
		for (ChannelType known : new ChannelType[] { GUILD_TEXT, DM, GUILD_VOICE, GROUP_DM, GUILD_CATEGORY, GUILD_ANNOUNCEMENT, ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD, GUILD_STAGE_VOICE, GUILD_DIRECTORY, GUILD_FORUM, GUILD_MEDIA }) {
			KNOWN[known.value] = known;
		}
	}

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static ChannelType of(int value) {
		ChannelType known = (value >= 0 && value < KNOWN.length) ? KNOWN[value] : null;
		return (known != null) ? known : new ChannelType(value);
	}

	@Override
	@JsonValue
	public int value() {
		return this.value;
	}

	/**
	 * Whether this value is documented (and has a constant here).
	 * @return {@code true} for a known value
	 */
	public boolean isKnown() {
		return !name().startsWith("UNKNOWN");
	}

	/**
	 * The documented name, or {@code UNKNOWN(n)}.
	 * @return the name
	 */
	public String name() {
		return switch (this.value) {
			case 0 -> "GUILD_TEXT";
			case 1 -> "DM";
			case 2 -> "GUILD_VOICE";
			case 3 -> "GROUP_DM";
			case 4 -> "GUILD_CATEGORY";
			case 5 -> "GUILD_ANNOUNCEMENT";
			case 10 -> "ANNOUNCEMENT_THREAD";
			case 11 -> "PUBLIC_THREAD";
			case 12 -> "PRIVATE_THREAD";
			case 13 -> "GUILD_STAGE_VOICE";
			case 14 -> "GUILD_DIRECTORY";
			case 15 -> "GUILD_FORUM";
			case 16 -> "GUILD_MEDIA";
			default -> "UNKNOWN(" + this.value + ")";
		};
	}

	@Override
	public String toString() {
		return name();
	}

}
