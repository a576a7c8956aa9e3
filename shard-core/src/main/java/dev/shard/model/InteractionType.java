package dev.shard.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Interaction type as sent by Discord (an integer). Values this version does not know are kept as they
 * are ({@link #isKnown()} is {@code false}) instead of failing the binding.
 *
 * @param value the raw integer
 */
public record InteractionType(int value) {

	public static final InteractionType PING = new InteractionType(1);

	public static final InteractionType APPLICATION_COMMAND = new InteractionType(2);

	public static final InteractionType MESSAGE_COMPONENT = new InteractionType(3);

	public static final InteractionType APPLICATION_COMMAND_AUTOCOMPLETE = new InteractionType(4);

	public static final InteractionType MODAL_SUBMIT = new InteractionType(5);

	private static final IntCodes<InteractionType> CODES = IntCodes.of(InteractionType.class, InteractionType::value, InteractionType::new);

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static InteractionType of(int value) {
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
