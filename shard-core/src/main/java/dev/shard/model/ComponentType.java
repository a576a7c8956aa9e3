package dev.shard.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Component type as sent by Discord (an integer). Values this version does not know are kept as they
 * are ({@link #isKnown()} is {@code false}) instead of failing the binding.
 *
 * @param value the raw integer
 */
public record ComponentType(int value) {

	public static final ComponentType ACTION_ROW = new ComponentType(1);

	public static final ComponentType BUTTON = new ComponentType(2);

	public static final ComponentType STRING_SELECT = new ComponentType(3);

	public static final ComponentType TEXT_INPUT = new ComponentType(4);

	public static final ComponentType USER_SELECT = new ComponentType(5);

	public static final ComponentType ROLE_SELECT = new ComponentType(6);

	public static final ComponentType MENTIONABLE_SELECT = new ComponentType(7);

	public static final ComponentType CHANNEL_SELECT = new ComponentType(8);

	public static final ComponentType SECTION = new ComponentType(9);

	public static final ComponentType TEXT_DISPLAY = new ComponentType(10);

	public static final ComponentType THUMBNAIL = new ComponentType(11);

	public static final ComponentType MEDIA_GALLERY = new ComponentType(12);

	public static final ComponentType FILE = new ComponentType(13);

	public static final ComponentType SEPARATOR = new ComponentType(14);

	public static final ComponentType CONTAINER = new ComponentType(17);

	public static final ComponentType LABEL = new ComponentType(18);

	public static final ComponentType FILE_UPLOAD = new ComponentType(19);

	private static final IntCodes<ComponentType> CODES = IntCodes.of(ComponentType.class, ComponentType::value, ComponentType::new);

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static ComponentType of(int value) {
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
