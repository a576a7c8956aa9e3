package dev.shard.model;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A field that may be absent, present and null, or present with a value. Used where Discord
 * gives absent and null different meanings (for example in GUILD_MEMBER_UPDATE, an absent
 * {@code nick} means "unknown", a null one means "removed").
 * <p>
 * Binding never yields a Java {@code null} for a {@code Field} component: an absent JSON field
 * becomes {@link #absent()}. On serialisation an absent field is left out (with
 * {@link ShardJson#mapper()}), a null one is written as {@code null}.
 *
 * @param <T> the value type
 */
@JsonDeserialize(using = Field.Deserializer.class)
@JsonSerialize(using = Field.Serializer.class)
public final class Field<T> {

	private static final Field<?> ABSENT = new Field<>(false, null);

	private static final Field<?> NULL = new Field<>(true, null);

	private final boolean present;

	private final T value;

	private Field(boolean present, T value) {
		this.present = present;
		this.value = value;
	}

	/**
	 * The absent field.
	 * @param <T> the value type
	 * @return the absent field
	 */
	@SuppressWarnings("unchecked")
	public static <T> Field<T> absent() {
		return (Field<T>) ABSENT;
	}

	/**
	 * A field present with the given value; {@code null} gives an explicit null.
	 * @param <T> the value type
	 * @param value the value or {@code null}
	 * @return the field
	 */
	@SuppressWarnings("unchecked")
	public static <T> Field<T> of(T value) {
		return (value != null) ? new Field<>(true, value) : (Field<T>) NULL;
	}

	/**
	 * Whether the field was sent (null or not).
	 * @return {@code true} if present
	 */
	public boolean isPresent() {
		return this.present;
	}

	/**
	 * Whether the field was sent as JSON {@code null}.
	 * @return {@code true} if present and null
	 */
	public boolean isNull() {
		return this.present && this.value == null;
	}

	/**
	 * Whether the field was sent with a non-null value.
	 * @return {@code true} if a value is there
	 */
	public boolean hasValue() {
		return this.value != null;
	}

	/**
	 * The value.
	 * @return the value
	 * @throws NoSuchElementException if absent or null
	 */
	public T get() {
		if (this.value == null) {
			throw new NoSuchElementException(this.present ? "field is null" : "field is absent");
		}
		return this.value;
	}

	/**
	 * The value, or {@code null} when absent or null.
	 * @return the value or {@code null}
	 */
	public T orNull() {
		return this.value;
	}

	/**
	 * The value as an {@link Optional} (absent and null both empty).
	 * @return the optional value
	 */
	public Optional<T> toOptional() {
		return Optional.ofNullable(this.value);
	}

	/**
	 * Map the value, keeping absent and null as they are.
	 * @param <R> the result type
	 * @param mapper the mapping function
	 * @return the mapped field
	 */
	public <R> Field<R> map(Function<? super T, ? extends R> mapper) {
		return hasValue() ? of(mapper.apply(this.value)) : (this.present ? of(null) : absent());
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof Field<?> other) && this.present == other.present
				&& java.util.Objects.equals(this.value, other.value);
	}

	@Override
	public int hashCode() {
		return this.present ? java.util.Objects.hashCode(this.value) + 1 : 0;
	}

	@Override
	public String toString() {
		return !this.present ? "absent" : (this.value != null) ? String.valueOf(this.value) : "null";
	}

	static final class Deserializer extends ValueDeserializer<Field<?>> {

		private final ValueDeserializer<Object> valueDeserializer;

		Deserializer() {
			this(null);
		}

		private Deserializer(ValueDeserializer<Object> valueDeserializer) {
			this.valueDeserializer = valueDeserializer;
		}

		@Override
		public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
			JavaType type = (property != null) ? property.getType() : ctxt.getContextualType();
			JavaType valueType = (type != null) ? type.containedTypeOrUnknown(0) : ctxt.constructType(Object.class);
			return new Deserializer(ctxt.findContextualValueDeserializer(valueType, property));
		}

		@Override
		public Field<?> deserialize(JsonParser p, DeserializationContext ctxt) {
			return of(this.valueDeserializer.deserialize(p, ctxt));
		}

		@Override
		public Field<?> getNullValue(DeserializationContext ctxt) {
			return NULL;
		}

		@Override
		public Object getAbsentValue(DeserializationContext ctxt) {
			return ABSENT;
		}

	}

	static final class Serializer extends ValueSerializer<Field<?>> {

		@Override
		public void serialize(Field<?> field, JsonGenerator gen, SerializationContext ctxt) {
			if (field.value == null) {
				gen.writeNull();
			}
			else {
				ctxt.writeValue(gen, field.value);
			}
		}

		@Override
		public boolean isEmpty(SerializationContext ctxt, Field<?> field) {
			return field == null || !field.present;
		}

	}

}
