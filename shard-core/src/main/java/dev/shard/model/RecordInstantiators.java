package dev.shard.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Creates the model records through {@link Constructor#newInstance} instead of Jackson's
 * {@code MethodHandle.invokeWithArguments}, which re-derives a spreader on every call and was the
 * largest single cost when binding a big GUILD_CREATE (Jackson 3.1). The records' fields are read by
 * {@link RecordDeserializer}, which calls this with the finished argument array.
 */
final class RecordInstantiators implements ValueInstantiators {

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

		Instantiator(StdValueInstantiator source) {
			super(source);
		}

		@Override
		public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
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

}
