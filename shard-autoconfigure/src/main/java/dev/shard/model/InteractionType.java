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

	private static final InteractionType[] KNOWN = new InteractionType[6];

	static {
		for (InteractionType known : new InteractionType[] { PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, APPLICATION_COMMAND_AUTOCOMPLETE, MODAL_SUBMIT }) {
			KNOWN[known.value] = known;
		}
	}

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static InteractionType of(int value) {
		InteractionType known = (value >= 0 && value < KNOWN.length) ? KNOWN[value] : null;
		return (known != null) ? known : new InteractionType(value);
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
			case 1 -> "PING";
			case 2 -> "APPLICATION_COMMAND";
			case 3 -> "MESSAGE_COMPONENT";
			case 4 -> "APPLICATION_COMMAND_AUTOCOMPLETE";
			case 5 -> "MODAL_SUBMIT";
			default -> "UNKNOWN(" + this.value + ")";
		};
	}

	@Override
	public String toString() {
		return name();
	}

}
