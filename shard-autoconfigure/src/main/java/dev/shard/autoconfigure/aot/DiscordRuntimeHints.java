package dev.shard.autoconfigure.aot;

import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.shard.event.EventType;
import dev.shard.event.EventTypes;
import dev.shard.gateway.ReshardEvent;
import dev.shard.gateway.ShardLifecycleEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for what the starter binds or publishes by reflection, for Spring AOT and native images: every
 * dispatch's event record and payload record ({@link EventTypes}), the {@code dev.shard.model} records and enums
 * reachable from them (Jackson binds them through their canonical constructors and accessors), and the lifecycle
 * and re-shard event records published to listeners.
 */
public final class DiscordRuntimeHints implements RuntimeHintsRegistrar {

	private static final MemberCategory[] BINDING = { MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
			MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		Deque<Class<?>> pending = new ArrayDeque<>();
		for (EventType<?, ?> type : EventTypes.all()) {
			pending.add(type.eventType());
			pending.add(type.payloadType());
		}
		pending.add(ShardLifecycleEvent.class);
		for (Class<?> permitted : ShardLifecycleEvent.class.getPermittedSubclasses()) {
			pending.add(permitted);
		}
		for (Class<?> permitted : ReshardEvent.class.getPermittedSubclasses()) {
			pending.add(permitted);
		}
		Set<Class<?>> seen = new HashSet<>();
		while (!pending.isEmpty()) {
			Class<?> type = pending.poll();
			if (!seen.add(type) || !ours(type)) {
				continue;
			}
			hints.reflection().registerType(type, BINDING);
			if (type.isRecord()) {
				for (RecordComponent component : type.getRecordComponents()) {
					collect(component.getGenericType(), pending);
				}
			}
			else {
				// the types bound on demand (Message, User) are classes bound through their @JsonCreator constructor
				for (Constructor<?> constructor : type.getConstructors()) {
					if (constructor.isAnnotationPresent(JsonCreator.class)) {
						for (Type parameter : constructor.getGenericParameterTypes()) {
							collect(parameter, pending);
						}
					}
				}
			}
		}
	}

	/** The classes in a component type: {@code List<Embed>} gives {@code Embed}. */
	private static void collect(Type type, Deque<Class<?>> pending) {
		if (type instanceof Class<?> c) {
			pending.add(c.isArray() ? c.getComponentType() : c);
		}
		else if (type instanceof ParameterizedType parameterized) {
			collect(parameterized.getRawType(), pending);
			for (Type argument : parameterized.getActualTypeArguments()) {
				collect(argument, pending);
			}
		}
		else if (type instanceof GenericArrayType array) {
			collect(array.getGenericComponentType(), pending);
		}
	}

	private static boolean ours(Class<?> type) {
		return !type.isPrimitive() && type.getName().startsWith("dev.shard.");
	}

}
