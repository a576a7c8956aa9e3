package dev.shard.autoconfigure.observation;

import java.util.Map;

import dev.shard.autoconfigure.DiscordListenerInvoker;
import dev.shard.event.GatewayEvent;
import dev.shard.gateway.ShardLifecycleEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Observes each call of a listener of Discord events ({@link DiscordObservationDocumentation#LISTENER}) and opens
 * its scope around the call: the observation (and with a tracer, its span) is the current one while the listener
 * runs, so what the listener starts on its thread ({@code RestClient} calls, {@code @Observed} beans, a WebClient
 * exchange it blocks on or subscribes to there) is its child in the trace. WebClient's own observation takes its
 * parent observation from the Reactor context only: {@code contextCapture()} before {@code block()}, or
 * {@code spring.reactor.context-propagation=auto}, puts it there (the span parent does not need it).
 */
public final class DiscordListenerObservations implements DiscordListenerInvoker {

	private static final DiscordListenerObservationConvention DEFAULT_CONVENTION = new DefaultDiscordListenerObservationConvention();

	private static final ClassValue<String> EVENT_TYPES = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			return ClassUtils.getShortName(type);
		}

	};

	private final ObservationRegistry registry;

	private final @Nullable DiscordListenerObservationConvention convention;

	/** Weak keys: listener beans that are not singletons come and go. */
	private final Map<ApplicationListener<?>, String> names = new ConcurrentReferenceHashMap<>(16,
			ConcurrentReferenceHashMap.ReferenceType.WEAK);

	/**
	 * Create the observations.
	 * @param registry the registry
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public DiscordListenerObservations(ObservationRegistry registry,
			@Nullable DiscordListenerObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void invoke(ApplicationListener<?> listener, ApplicationEvent event, ListenerCall call) {
		if (this.registry.isNoop()) {
			// no handler (yet): skip even the context supplier's allocation
			call.invoke(listener, event);
			return;
		}
		Object payload = (event instanceof PayloadApplicationEvent<?> wrapped) ? wrapped.getPayload() : event;
		Observation observation = DiscordObservationDocumentation.LISTENER.observation(this.convention,
				DEFAULT_CONVENTION, () -> new DiscordListenerObservationContext(listener, name(listener), payload,
						EVENT_TYPES.get(payload.getClass()), shardId(payload)),
				this.registry);
		// Observation.observe(Runnable) without the lambda it would need
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			call.invoke(listener, event);
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private String name(ApplicationListener<?> listener) {
		String name = this.names.get(listener);
		if (name == null) {
			name = describe(listener);
			this.names.put(listener, name);
		}
		return name;
	}

	/** {@code Class.method} of an {@code @EventListener} method (its id if it has one), else the class. */
	static String describe(ApplicationListener<?> listener) {
		if (listener instanceof ApplicationListenerMethodAdapter adapter) {
			// the default id is "pkg.Class.method(pkg.Param)"; an id set on the annotation has no parentheses
			String id = adapter.getListenerId();
			int parameters = id.indexOf('(');
			if (parameters < 0) {
				return id;
			}
			String qualified = id.substring(0, parameters);
			int method = qualified.lastIndexOf('.');
			return qualified.substring(qualified.lastIndexOf('.', method - 1) + 1).replace('$', '.');
		}
		return ClassUtils.getShortName(ClassUtils.getUserClass(listener));
	}

	private static @Nullable Integer shardId(Object payload) {
		if (payload instanceof GatewayEvent gatewayEvent) {
			return gatewayEvent.shardId();
		}
		if (payload instanceof ShardLifecycleEvent lifecycleEvent) {
			return lifecycleEvent.shardId();
		}
		return null;
	}

}
