package dev.shard.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Activity type as sent by Discord (an integer). Values this version does not know are kept as they
 * are ({@link #isKnown()} is {@code false}) instead of failing the binding.
 *
 * @param value the raw integer
 */
public record ActivityType(int value) {

	public static final ActivityType PLAYING = new ActivityType(0);

	public static final ActivityType STREAMING = new ActivityType(1);

	public static final ActivityType LISTENING = new ActivityType(2);

	public static final ActivityType WATCHING = new ActivityType(3);

	public static final ActivityType CUSTOM = new ActivityType(4);

	public static final ActivityType COMPETING = new ActivityType(5);

	private static final IntCodes<ActivityType> CODES = IntCodes.of(ActivityType.class, ActivityType::value, ActivityType::new);

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static ActivityType of(int value) {
		return CODES.of(value);
	}

	/**
	 * Return the constant of a documented name in any case ({@code playing}, {@code WATCHING}), as settings name
	 * a type (Spring's conversion service finds this method).
	 * @param name the name
	 * @return the type
	 * @throws IllegalArgumentException if no documented type has that name
	 */
	public static ActivityType of(String name) {
		ActivityType type = (name != null) ? CODES.named(name.strip()) : null;
		if (type == null) {
			throw new IllegalArgumentException("Unknown activity type '" + name + "'");
		}
		return type;
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
