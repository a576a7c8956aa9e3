package dev.shard.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.shard.event.EventBinder;
import dev.shard.event.EventType;
import dev.shard.event.EventTypes;
import dev.shard.event.InteractionCreateEvent;
import dev.shard.event.RawDispatchEvent;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ReshardEvent;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardSink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Republishes the shards' dispatches and lifecycle as Spring application events.
 * <p>
 * Each dispatch becomes its typed event (e.g. {@code MessageCreateEvent}, bound by the core's {@link EventBinder}) if
 * anybody listens to that type, and a {@link RawDispatchEvent} if anybody listens to raw dispatches. Which types
 * have listeners is computed from the context's listeners ({@link #refreshListeners()}, done when the shards
 * start), and the shards are told through {@link ShardSink#wants(String)}: a dispatch nobody listens to is never
 * bound (only its sequence is tracked). A listener of the raw event, of a common supertype, or of {@code Object}
 * turns this off. Lifecycle events are published as they are: the core's {@link ShardLifecycleEvent} records.
 * <p>
 * Dispatches are published on the thread the shard delivers them on (off the I/O thread unless
 * {@code discord.gateway.inline-delivery} is set, in sequence order per shard, shards in parallel). A listener that
 * throws is logged and the other listeners still run. While a shard's delivery thread is behind, wanted dispatches of
 * ordinary size are bound on the I/O thread as they arrive ({@link ShardSink#prepare}), so that binding and the
 * listeners of earlier dispatches run on two cores.
 */
public final class DiscordEventBridge {

	private static final Log logger = LogFactory.getLog(DiscordEventBridge.class);

	private final EventBinder binder;

	/** The typed event class of every known dispatch type, by type name. */
	private final Map<String, Class<?>> eventClasses;

	private final ApplicationContext context;

	private final DiscordEventMulticaster multicaster;

	private final LongAdder bound = new LongAdder();

	private final Map<String, LongAdder> boundByType = new ConcurrentHashMap<>();

	private final LongAdder bindFailures = new LongAdder();

	private volatile Set<String> listenedTypes = Set.of();

	private volatile boolean rawListened;

	private volatile boolean inlineDelivery;

	private volatile Consumer<GatewayDispatch> publishObserver = (dispatch) -> {
	};

	private volatile Consumer<ShardLifecycleEvent> lifecycleObserver = (event) -> {
	};

	DiscordEventBridge(EventBinder binder, ApplicationContext context) {
		this.binder = binder;
		Map<String, Class<?>> classes = new LinkedHashMap<>();
		for (EventType<?, ?> type : EventTypes.all()) {
			classes.put(type.name(), type.eventType());
		}
		this.eventClasses = Map.copyOf(classes);
		this.context = context;
		this.multicaster = new DiscordEventMulticaster(
				((ConfigurableApplicationContext) context).getBeanFactory(), context);
	}

	/**
	 * Re-read the context's listeners and recompute which dispatch types are listened to. Called when the shards
	 * start; call it again after adding listeners at runtime.
	 */
	public synchronized void refreshListeners() {
		if (this.context instanceof AbstractApplicationContext abstractContext) {
			this.multicaster.syncListeners(abstractContext,
					((ConfigurableApplicationContext) this.context).getBeanFactory());
			Set<String> types = new LinkedHashSet<>();
			this.eventClasses.forEach((type, eventClass) -> {
				if (this.multicaster.hasListeners(eventClass)) {
					types.add(type);
				}
			});
			this.rawListened = this.multicaster.hasListeners(RawDispatchEvent.class);
			this.listenedTypes = Collections.unmodifiableSet(types);
		}
		else {
			logger.warn("Cannot inspect the listeners of " + this.context.getClass().getName()
					+ "; every dispatch will be bound and published");
			this.rawListened = true;
			this.listenedTypes = Set.copyOf(this.eventClasses.keySet());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Discord event types with listeners: " + (this.rawListened ? "all (raw listener)"
					: this.listenedTypes));
		}
	}

	/**
	 * Whether the sinks may be called on the shards' I/O threads ({@link ShardSink#nonBlocking()}): set from
	 * {@code discord.gateway.inline-delivery}; applies to shards started afterwards.
	 * @param inlineDelivery whether the listeners never block and return quickly
	 */
	public void setInlineDelivery(boolean inlineDelivery) {
		this.inlineDelivery = inlineDelivery;
	}

	/** The known dispatch types that have typed listeners. */
	public Set<String> listenedTypes() {
		return this.listenedTypes;
	}

	/** Whether somebody listens to raw dispatches (or to everything), so that every dispatch is delivered. */
	public boolean rawListened() {
		return this.rawListened;
	}

	/**
	 * Whether dispatches of this type are wanted.
	 * @param type the dispatch type
	 * @return whether to deliver it
	 */
	public boolean wants(String type) {
		return this.rawListened || this.listenedTypes.contains(type);
	}

	/** How many dispatches were bound to typed events since start-up. */
	public long boundEvents() {
		return this.bound.sum();
	}

	/**
	 * How many dispatches of one type were bound to typed events.
	 * @param type the dispatch type
	 * @return the count
	 */
	public long boundEvents(String type) {
		LongAdder adder = this.boundByType.get(type);
		return (adder != null) ? adder.sum() : 0;
	}

	/** How many dispatches failed to bind (they were logged and, if wanted, still published raw). */
	public long bindFailures() {
		return this.bindFailures.sum();
	}

	/**
	 * The sink for one shard.
	 * @param shardId the shard
	 * @return a sink publishing that shard's dispatches
	 */
	public ShardSink sinkFor(int shardId) {
		return new ShardSink() {

			@Override
			public void onDispatch(GatewayDispatch dispatch) {
				publishDispatch(dispatch, null);
			}

			@Override
			public void onDispatch(GatewayDispatch dispatch, Object prepared) {
				publishDispatch(dispatch, prepared);
			}

			@Override
			public Object prepare(GatewayDispatch dispatch) {
				return bindAhead(dispatch);
			}

			@Override
			public boolean wants(String type) {
				return DiscordEventBridge.this.wants(type);
			}

			@Override
			public boolean nonBlocking() {
				return DiscordEventBridge.this.inlineDelivery;
			}

		};
	}

	/**
	 * Install a callback run for each delivered dispatch just before its listeners are called (metrics: the lag
	 * from receipt to listener). It must be cheap and must not throw.
	 * @param observer the callback
	 */
	public void observePublish(Consumer<GatewayDispatch> observer) {
		this.publishObserver = observer;
	}

	/**
	 * Install a callback run for each lifecycle event just before its listeners are called (the connection
	 * observations). It runs on the thread that publishes lifecycle events, in their order; it must be cheap and
	 * must not throw.
	 * @param observer the callback
	 */
	public void observeLifecycle(Consumer<ShardLifecycleEvent> observer) {
		this.lifecycleObserver = observer;
	}

	/**
	 * Run every call of a listener of Discord events (dispatches, lifecycle and re-shard events) through
	 * {@code invoker}, e.g. to observe it. Without one (the default) listeners are called directly.
	 * @param invoker the invoker, or {@code null} for direct calls
	 */
	public void setListenerInvoker(@Nullable DiscordListenerInvoker invoker) {
		this.multicaster.setInvoker(invoker);
	}

	/**
	 * The invoker every listener call runs through.
	 * @return the invoker, {@code null} when listeners are called directly
	 */
	public @Nullable DiscordListenerInvoker getListenerInvoker() {
		return this.multicaster.getInvoker();
	}

	/**
	 * Bind a dispatch on the shard's I/O thread while its delivery thread is still behind with earlier ones: the
	 * two halves of the per-event work then use two cores. A failure is left to the delivery thread, which binds
	 * again and reports it.
	 */
	private Object bindAhead(GatewayDispatch dispatch) {
		return this.listenedTypes.contains(dispatch.type()) ? this.binder.bind(dispatch) : null;
	}

	private void publishDispatch(GatewayDispatch dispatch, Object bound) {
		this.publishObserver.accept(dispatch);
		String type = dispatch.type();
		if (this.listenedTypes.contains(type)) {
			Object event = bound;
			try {
				if (event == null) {
					event = this.binder.bind(dispatch);
				}
				this.bound.increment();
				this.boundByType.computeIfAbsent(type, (t) -> new LongAdder()).increment();
			}
			catch (RuntimeException ex) {
				this.bindFailures.increment();
				logger.warn("Could not bind " + dispatch + "; it is not published as a typed event", ex);
			}
			if (event != null) {
				this.multicaster.publish(event);
			}
		}
		if (this.rawListened) {
			this.multicaster.publish(RawDispatchEvent.of(dispatch));
		}
	}

	/**
	 * Publish a shard lifecycle event to the application's listeners, as it is.
	 * @param event the core's lifecycle event
	 */
	public void publishLifecycle(ShardLifecycleEvent event) {
		this.lifecycleObserver.accept(event);
		this.multicaster.publish(event);
	}

	/**
	 * Publish a re-shard step ({@code ReshardEvent.Started}, {@code Progress}, {@code Switched}, {@code Failed}) to
	 * the application's listeners.
	 * @param event the step
	 */
	public void publishReshard(ReshardEvent event) {
		this.multicaster.publish(event);
	}

	/**
	 * Publish an interaction Discord POSTed to the application's interactions endpoint (no shard delivered it) to
	 * the same listeners as the gateway's {@code INTERACTION_CREATE}, on the calling thread.
	 * @param event the interaction, with {@link InteractionCreateEvent#HTTP_SHARD_ID} as its shard id
	 */
	public void publishInteraction(InteractionCreateEvent event) {
		this.multicaster.publish(event);
	}

}
