package dev.shard.autoconfigure;

import java.util.Collection;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 */
final class DiscordEventMulticaster extends SimpleApplicationEventMulticaster {

	private static final Log logger = LogFactory.getLog(DiscordEventMulticaster.class);

	/** A payload type nobody can listen to specifically: whoever supports it listens to everything. */
	private static final class Unlistenable {

	}

	private static final ResolvableType CATCH_ALL_PROBE = ResolvableType
		.forClassWithGenerics(PayloadApplicationEvent.class, Unlistenable.class);

	private final Object source;

	DiscordEventMulticaster(ConfigurableListableBeanFactory beanFactory, Object source) {
		super(beanFactory);
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
		multicastEvent(new PayloadApplicationEvent<>(this.source, event));
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
			super.invokeListener(listener, event);
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

	Collection<ApplicationListener<?>> listenersFor(Class<?> payloadType) {
		ResolvableType type = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class, payloadType);
		return getApplicationListeners(new PayloadApplicationEvent<>(this.source, new Unlistenable()), type);
	}

}
