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

	private static final IntCodes<ChannelType> CODES = IntCodes.of(ChannelType.class, ChannelType::value, ChannelType::new);

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static ChannelType of(int value) {
		return CODES.of(value);
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
		return CODES.isKnown(this.value);
	}

	/**
	 * The documented name, or {@code UNKNOWN(n)}.
	 * @return the name
	 */
	public String name() {
		return CODES.name(this.value);
	}

	@Override
	public String toString() {
		return name();
	}

}
