package dev.shard.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Delivers Discord events to the application's listeners: the same listeners the context's own multicaster knows
 * ({@code @EventListener} methods and {@link ApplicationListener} beans), so {@code condition}, {@code @Order},
 * {@code @Async} and generics behave as usual.
 * <p>
 * Why a private multicaster instead of {@code ApplicationEventPublisher.publishEvent}: Spring's default multicaster
 * stops at the first listener that throws (the rest of the listeners of that event never run, and the exception
 * reaches the publisher). Setting an {@code ErrorHandler} on the application's multicaster would change that for the
 * application's own events too, so instead this multicaster, which only ever carries Discord events, catches and
 * logs each listener's failure and goes on with the next listener. It is synchronous on purpose: the shard calls us
 * in order, one dispatch at a time, so listeners see a shard's events in sequence order and a slow listener only
 * backs up that shard's bounded buffer. Events published through it do not reach a parent context.
 * <p>
 * Catch-all infrastructure listeners ({@code ApplicationListener<ApplicationEvent>} beans such as Boot's
 * {@code DelegatingApplicationListener} or the test framework's event recorder) are skipped: they would see every
 * dispatch and defeat "decode only what is listened to". An {@code @EventListener} method whose parameter is
 * {@code Object} (or any supertype of the Discord events) still counts as a listener of everything.
 * <p>
 * Hot path: the listeners of each event class are resolved once (in Spring's order) and kept until the listeners
 * change ({@link #syncListeners}, or any add/remove), and the event's {@link ResolvableType} is built once per class,
 * so a publish allocates only the event wrapper. Listener beans that are not singletons are still looked up on every
 * publish, as Spring does.
 */
final class DiscordEventMulticaster extends SimpleApplicationEventMulticaster {

	private static final Log logger = LogFactory.getLog(DiscordEventMulticaster.class);

	/** A payload type nobody can listen to specifically: whoever supports it listens to everything. */
	private static final class Unlistenable {

	}

	private static final ResolvableType CATCH_ALL_PROBE = ResolvableType
		.forClassWithGenerics(PayloadApplicationEvent.class, Unlistenable.class);

	private final Object source;

	private final ConfigurableListableBeanFactory beanFactory;

	/** Listeners and types per event class; replaced (not cleared) when listeners change, see {@link #invalidate}. */
	private volatile Map<Class<?>, Route> routes = new ConcurrentHashMap<>();

	/** False while some listener bean is not a singleton: its instance must be looked up per publish. */
	private volatile boolean listenersStable = true;

	/** Wraps each listener call (observations); {@code null}, the usual case, calls listeners directly. */
	private volatile @Nullable DiscordListenerInvoker invoker;

	/** Spring's own call of a listener, handed to the invoker: created once, not per call. */
	private final DiscordListenerInvoker.ListenerCall directCall = super::invokeListener;

	DiscordEventMulticaster(ConfigurableListableBeanFactory beanFactory, Object source) {
		super(beanFactory);
		this.beanFactory = beanFactory;
		this.source = source;
	}

	/**
	 * Copy the application's listeners: those registered with the context (which includes every initialised
	 * singleton listener bean and every {@code @EventListener} method) plus, by name, listener beans not created
	 * yet.
	 * @param context the application context
	 * @param beanFactory its bean factory
	 */
	void syncListeners(AbstractApplicationContext context, ConfigurableListableBeanFactory beanFactory) {
		removeAllListeners();
		for (ApplicationListener<?> listener : context.getApplicationListeners()) {
			addApplicationListener(listener);
		}
		for (String name : beanFactory.getBeanNamesForType(ApplicationListener.class, true, false)) {
			if (!beanFactory.containsSingleton(name)) {
				addApplicationListenerBean(name);
			}
		}
	}

	/**
	 * Wrap every listener call from now on.
	 * @param invoker the invoker, or {@code null} to call listeners directly
	 */
	void setInvoker(@Nullable DiscordListenerInvoker invoker) {
		this.invoker = invoker;
	}

	@Nullable DiscordListenerInvoker getInvoker() {
		return this.invoker;
	}

	/**
	 * Whether any listener would receive a payload of this type.
	 * @param payloadType the event class, e.g. {@code MessageCreateEvent.class}
	 * @return whether it has listeners
	 */
	boolean hasListeners(Class<?> payloadType) {
		ResolvableType type = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class, payloadType);
		return !getApplicationListeners(new PayloadApplicationEvent<>(this.source, new Unlistenable()), type)
			.isEmpty();
	}

	/**
	 * Deliver one event to every listener of its type; a throwing listener is logged and skipped.
	 * @param event the event (a plain object; it is wrapped as Spring does for {@code publishEvent(Object)})
	 */
	void publish(Object event) {
		Map<Class<?>, Route> routes = this.routes;
		Route route = routes.get(event.getClass());
		if (route == null) {
			route = routes.computeIfAbsent(event.getClass(), this::route);
		}
		DiscordPayloadEvent<Object> wrapped = new DiscordPayloadEvent<>(this.source, event, route);
		ApplicationListener<?>[] listeners = route.listeners;
		if (listeners != null) {
			for (ApplicationListener<?> listener : listeners) {
				invokeListener(listener, wrapped);
			}
		}
		else {
			for (ApplicationListener<?> listener : getApplicationListeners(wrapped, route.eventType)) {
				invokeListener(listener, wrapped);
			}
		}
	}

	private Route route(Class<?> payloadClass) {
		ResolvableType payloadType = ResolvableType.forClass(payloadClass);
		ResolvableType eventType = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class, payloadType);
		ApplicationListener<?>[] listeners = null;
		if (this.listenersStable) {
			// Spring's own resolution (supportsEvent, bean lookup, @Order sorting), done once for this class
			listeners = getApplicationListeners(new PayloadApplicationEvent<>(this.source, new Unlistenable()),
					eventType)
				.toArray(new ApplicationListener<?>[0]);
		}
		return new Route(payloadType, eventType, listeners);
	}

	/** Listeners changed: resolve again on the next publish of each class. */
	private void invalidate() {
		this.routes = new ConcurrentHashMap<>();
	}

	@Override
	public void addApplicationListener(ApplicationListener<?> listener) {
		super.addApplicationListener(listener);
		invalidate();
	}

	@Override
	public void addApplicationListenerBean(String listenerBeanName) {
		super.addApplicationListenerBean(listenerBeanName);
		if (!this.beanFactory.containsBean(listenerBeanName) || !this.beanFactory.isSingleton(listenerBeanName)) {
			this.listenersStable = false;
		}
		invalidate();
	}

	@Override
	public void removeApplicationListener(ApplicationListener<?> listener) {
		super.removeApplicationListener(listener);
		invalidate();
	}

	@Override
	public void removeApplicationListenerBean(String listenerBeanName) {
		super.removeApplicationListenerBean(listenerBeanName);
		invalidate();
	}

	@Override
	public void removeApplicationListeners(Predicate<ApplicationListener<?>> predicate) {
		super.removeApplicationListeners(predicate);
		invalidate();
	}

	@Override
	public void removeApplicationListenerBeans(Predicate<String> predicate) {
		super.removeApplicationListenerBeans(predicate);
		invalidate();
	}

	@Override
	public void removeAllListeners() {
		super.removeAllListeners();
		this.listenersStable = true;
		invalidate();
	}

	@Override
	protected boolean supportsEvent(ApplicationListener<?> listener, ResolvableType eventType, Class<?> sourceType) {
		if (!super.supportsEvent(listener, eventType, sourceType)) {
			return false;
		}
		// Only @EventListener methods may listen to everything; other catch-alls are infrastructure.
		return listener instanceof ApplicationListenerMethodAdapter
				|| !super.supportsEvent(listener, CATCH_ALL_PROBE, sourceType);
	}

	@Override
	protected void invokeListener(ApplicationListener<?> listener, ApplicationEvent event) {
		try {
			DiscordListenerInvoker invoker = this.invoker;
			if (invoker == null) {
				super.invokeListener(listener, event);
			}
			else {
				invoker.invoke(listener, event, this.directCall);
			}
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			Object payload = (event instanceof PayloadApplicationEvent<?> p) ? p.getPayload() : event;
			logger.warn("Discord event listener " + describe(listener) + " failed on "
					+ payload.getClass().getSimpleName() + "; continuing with the other listeners", ex);
		}
	}

	private static String describe(ApplicationListener<?> listener) {
		if (listener instanceof ApplicationListenerMethodAdapter adapter) {
			return adapter.getListenerId();
		}
		return listener.getClass().getName();
	}

	/** What one event class resolves to. {@code listeners} is null when they must be looked up per publish. */
	private record Route(ResolvableType payloadType, ResolvableType eventType, ApplicationListener<?>[] listeners) {
	}

	/**
	 * A payload event whose type is resolved once per class: {@code PayloadApplicationEvent} would build a
	 * {@link ResolvableType} for every instance and again on every {@code getResolvableType()} (which each
	 * {@code @EventListener} method calls to match its parameter).
	 */
	private static final class DiscordPayloadEvent<T> extends PayloadApplicationEvent<T> {

		private final transient Route route;

		DiscordPayloadEvent(Object source, T payload, Route route) {
			super(source, payload, route.payloadType);
			this.route = route;
		}

		@Override
		public ResolvableType getResolvableType() {
			return this.route.eventType;
		}

	}

}
