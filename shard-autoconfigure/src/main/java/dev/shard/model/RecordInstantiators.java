package dev.shard.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.SettableAnyProperty;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Creates the model records through {@link Constructor#newInstance} instead of Jackson's
 * {@code MethodHandle.invokeWithArguments}, which re-derives a spreader on every call and was the
 * largest single cost when binding a big GUILD_CREATE (Jackson 3.1).
 * <p>
 * Also the records' {@code extra} map ({@code @JsonAnySetter} creator parameter): Jackson creates a
 * {@code LinkedHashMap} for it for every record it binds, unknown fields or not, and the record keeps it. Here a
 * per-thread scratch map collects the unknown fields; a record without any gets the shared {@code Map.of()}, a
 * record with some takes the scratch map itself (no copy) and the thread starts a new one. Which types this applies
 * to (records of this package) is decided once per type, when Jackson builds their deserializer.
 */
final class RecordInstantiators implements ValueInstantiators {

	/** The unknown fields of the record being bound on this thread. */
	private static final ThreadLocal<Extra> SCRATCH = ThreadLocal.withInitial(Extra::new);

	/** Marks a map as the scratch map (the record that receives a non-empty one owns it from then on). */
	private static final class Extra extends LinkedHashMap<String, Object> {

		private static final long serialVersionUID = 1L;

	}

	/** Puts the scratch-map any-setter on the records that use {@link Instantiator}. */
	static final class Modifier extends ValueDeserializerModifier {

		/** Jackson's (protected) any-setter for a {@code Map} creator parameter, the one replaced. */
		private static final String MAP_PARAMETER_ANY_PROPERTY = SettableAnyProperty.class.getName()
				+ "$MapParameterAnyProperty";

		private static final long serialVersionUID = 1L;

		@Override
		public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier beanDesc,
				BeanDeserializerBuilder builder) {
			SettableAnyProperty any = builder.getAnySetter();
			if (builder.getValueInstantiator() instanceof Instantiator instantiator && any != null
					&& any.getClass().getName().equals(MAP_PARAMETER_ANY_PROPERTY)) {
				instantiator.extraIndex = any.getParameterIndex();
				builder.setAnySetter(null); // it refuses to replace one non-null setter by another
				builder.setAnySetter(new ExtraProperty(any));
			}
			return builder;
		}

	}

	@Override
	public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDescRef) {
		return null;
	}

	@Override
	public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier beanDescRef,
			ValueInstantiator defaultInstantiator) {
		Class<?> type = beanDescRef.getBeanClass();
		if (type.isRecord() && type.getPackage() == RecordInstantiators.class.getPackage()
				&& defaultInstantiator.getClass() == StdValueInstantiator.class) {
			return new Instantiator((StdValueInstantiator) defaultInstantiator);
		}
		return defaultInstantiator;
	}

	private static final class Instantiator extends StdValueInstantiator {

		private volatile Constructor<?> constructor;

		/** Creator index of the {@code extra} map, or -1 (set once, while Jackson builds the deserializer). */
		int extraIndex = -1;

		Instantiator(StdValueInstantiator source) {
			super(source);
		}

		@Override
		public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
			int extra = this.extraIndex;
			if (extra >= 0 && extra < args.length && args[extra] instanceof Extra map) {
				if (map.isEmpty()) {
					args[extra] = Map.of();
				}
				else {
					// this record owns the map now
					SCRATCH.set(new Extra());
				}
			}
			Constructor<?> ctor = this.constructor;
			if (ctor == null) {
				if (!(this._withArgsCreator instanceof AnnotatedConstructor annotated)) {
					return super.createFromObjectWith(ctxt, args);
				}
				ctor = annotated.getAnnotated();
				ctor.trySetAccessible();
				this.constructor = ctor;
			}
			try {
				return ctor.newInstance(args);
			}
			catch (InvocationTargetException | InstantiationException | IllegalAccessException
					| IllegalArgumentException ex) {
				// let Jackson report it the usual way
				return super.createFromObjectWith(ctxt, args);
			}
		}

	}

	/**
	 * Jackson's any-setter for a {@code Map} creator parameter, except that the map it fills is the thread's scratch
	 * map instead of a new one per record. Everything else is delegated.
	 */
	private static final class ExtraProperty extends SettableAnyProperty {

		private final SettableAnyProperty delegate;

		ExtraProperty(SettableAnyProperty delegate) {
			super(delegate.getProperty(), null, delegate.getType(), null, null, null);
			this.delegate = delegate;
		}

		@Override
		public Object createParameterObject() {
			Extra map = SCRATCH.get();
			// left over only if binding failed half-way through a record
			map.clear();
			return map;
		}

		@Override
		public SettableAnyProperty withValueDeserializer(ValueDeserializer<Object> deser) {
			return new ExtraProperty(this.delegate.withValueDeserializer(deser));
		}

		@Override
		public void fixAccess(DeserializationConfig config) {
			this.delegate.fixAccess(config);
		}

		@Override
		public BeanProperty getProperty() {
			return this.delegate.getProperty();
		}

		@Override
		public boolean hasValueDeserializer() {
			return this.delegate.hasValueDeserializer();
		}

		@Override
		public JavaType getType() {
			return this.delegate.getType();
		}

		@Override
		public String getPropertyName() {
			return this.delegate.getPropertyName();
		}

		@Override
		public int getParameterIndex() {
			return this.delegate.getParameterIndex();
		}

		@Override
		public boolean isFieldType() {
			return this.delegate.isFieldType();
		}

		@Override
		public boolean isSetterType() {
			return this.delegate.isSetterType();
		}

		@Override
		public void deserializeAndSet(JsonParser p, DeserializationContext ctxt, Object instance, String propName)
				throws JacksonException {
			this.delegate.deserializeAndSet(p, ctxt, instance, propName);
		}

		@Override
		public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
			return this.delegate.deserialize(p, ctxt);
		}

		@Override
		public void set(DeserializationContext ctxt, Object instance, Object propName, Object value)
				throws JacksonException {
			this.delegate.set(ctxt, instance, propName, value);
		}

		@Override
		protected void _set(DeserializationContext ctxt, Object instance, Object propName, Object value) {
			throw new IllegalStateException("not used: set(..) is delegated");
		}

		@Override
		public String toString() {
			return this.delegate.toString();
		}

	}

}
