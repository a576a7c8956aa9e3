package dev.shard.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The lookup behind Discord's integer-coded types ({@link ChannelType}, {@link MessageType}...): the
 * {@code public static final} constants of the type, found once by reflection, so that each type lists its
 * values exactly once and unknown values bind to a fresh instance instead of failing.
 *
 * @param <T> the integer-coded type
 */
final class IntCodes<T> {

	private final Object[] byValue;

	private final Map<Integer, T> large = new HashMap<>();

	private final Map<Integer, String> names = new HashMap<>();

	private final IntFunction<T> factory;

	private IntCodes(Class<T> type, ToIntFunction<T> valueOf, IntFunction<T> factory) {
		this.factory = factory;
		int max = -1;
		Map<Integer, T> constants = new HashMap<>();
		for (Field field : type.getDeclaredFields()) {
			int modifiers = field.getModifiers();
			if (field.getType() == type && Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers)
					&& Modifier.isFinal(modifiers)) {
				T constant = type.cast(read(field));
				int value = valueOf.applyAsInt(constant);
				constants.put(value, constant);
				this.names.put(value, field.getName());
				max = Math.max(max, value);
			}
		}
		// Dense small codes (all of Discord's today) are an array index; anything sparse goes to the map.
		this.byValue = new Object[Math.min(max + 1, 256)];
		constants.forEach((value, constant) -> {
			if (value >= 0 && value < this.byValue.length) {
				this.byValue[value] = constant;
			}
			else {
				this.large.put(value, constant);
			}
		});
	}

	/**
	 * Build the lookup; call it after the constants in the type's static initialiser order.
	 */
	static <T> IntCodes<T> of(Class<T> type, ToIntFunction<T> valueOf, IntFunction<T> factory) {
		return new IntCodes<>(type, valueOf, factory);
	}

	@SuppressWarnings("unchecked")
	T of(int value) {
		T known = (value >= 0 && value < this.byValue.length) ? (T) this.byValue[value] : this.large.get(value);
		return (known != null) ? known : this.factory.apply(value);
	}

	boolean isKnown(int value) {
		return this.names.containsKey(value);
	}

	String name(int value) {
		String name = this.names.get(value);
		return (name != null) ? name : "UNKNOWN(" + value + ")";
	}

	/** The constant whose field name is {@code name}, ignoring case, or {@code null}. */
	T named(String name) {
		for (Map.Entry<Integer, String> entry : this.names.entrySet()) {
			if (entry.getValue().equalsIgnoreCase(name)) {
				return of(entry.getKey());
			}
		}
		return null;
	}

	private static Object read(Field field) {
		try {
			return field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot read " + field, ex);
		}
	}

}
