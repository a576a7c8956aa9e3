package dev.shard.event;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Intent arithmetic, and the minimum intents for a set of listened event types (for
 * {@code discord.gateway.intents=auto}).
 */
public final class Intents {

	/** Every documented intent: 53608447. */
	public static final long ALL = toBitfield(EnumSet.allOf(Intent.class));

	/** The privileged ones: 33026. */
	public static final long PRIVILEGED = toBitfield(privileged(EnumSet.allOf(Intent.class)));

	/** Every non-privileged intent: 53575421. */
	public static final long NON_PRIVILEGED = ALL & ~PRIVILEGED;

	private Intents() {
	}

	/**
	 * The intents needed to receive the given dispatch types in every context (guild and DM).
	 * Unknown names and types that no intent gates add nothing. {@code MESSAGE_CONTENT} is never
	 * added: it gates no event, only message fields.
	 * @param eventTypes dispatch type names, e.g. {@code MESSAGE_CREATE}
	 * @return the intents (modifiable)
	 */
	public static EnumSet<Intent> forEventTypes(Collection<String> eventTypes) {
		EnumSet<Intent> intents = EnumSet.noneOf(Intent.class);
		for (String type : eventTypes) {
			EventType<?, ?> eventType = EventTypes.find(type);
			if (eventType != null) {
				intents.addAll(eventType.intents());
			}
		}
		return intents;
	}

	/**
	 * The privileged subset.
	 * @param intents the intents
	 * @return the privileged ones (modifiable)
	 */
	public static EnumSet<Intent> privileged(Collection<Intent> intents) {
		EnumSet<Intent> result = EnumSet.noneOf(Intent.class);
		for (Intent intent : intents) {
			if (intent.isPrivileged()) {
				result.add(intent);
			}
		}
		return result;
	}

	/**
	 * The IDENTIFY bitfield.
	 * @param intents the intents
	 * @return the bitfield
	 */
	public static long toBitfield(Collection<Intent> intents) {
		long bits = 0;
		for (Intent intent : intents) {
			bits |= intent.value();
		}
		return bits;
	}

	/**
	 * The documented intents in a bitfield (undocumented bits are ignored).
	 * @param bitfield the bitfield
	 * @return the intents (modifiable)
	 */
	public static EnumSet<Intent> fromBitfield(long bitfield) {
		EnumSet<Intent> result = EnumSet.noneOf(Intent.class);
		for (Intent intent : Intent.values()) {
			if ((bitfield & intent.value()) != 0) {
				result.add(intent);
			}
		}
		return result;
	}

	/**
	 * Convenience for a fixed set.
	 * @param intents the intents
	 * @return the bitfield
	 */
	public static long of(Intent... intents) {
		return toBitfield(Set.of(intents));
	}

}
