package dev.shard.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.ShutdownMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Starts the shards when the application context starts, without waiting for them to connect, and stops them when
 * it stops, with the configured {@link ShutdownMode}: by default resumable when a session store keeps the sessions
 * (so a restarted instance resumes them instead of identifying again), else final (the bot goes offline at once
 * rather than lingering until Discord times the session out). Stopping waits until the listeners have been handed what the shards had
 * buffered (the delivery threads are daemons and die with the process), for at most three quarters of
 * {@code discord.gateway.shutdown-timeout}.
 * <p>
 * Runs in phase {@link GatewayShards#PHASE}: after a web server has started and before its graceful shutdown
 * begins.
 * <p>
 * With {@code discord.gateway.readiness=true} (the default) the application's readiness state is
 * {@link ReadinessState#REFUSING_TRAFFIC} until every shard of this process is {@link ShardState#CONNECTED}, then
 * {@link ReadinessState#ACCEPTING_TRAFFIC}. Spring Boot itself announces ACCEPTING_TRAFFIC once the application has
 * started; if the shards are not connected yet, this lifecycle answers with REFUSING_TRAFFIC right after it.
 */
final class DiscordGatewayLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DiscordGatewayLifecycle.class);

	private final AutoConfiguredGatewayShards shards;

	private final DiscordEventBridge bridge;

	private final ShardConfigFactory configFactory;

	private final ApplicationEventPublisher publisher;

	private final boolean autoStartup;

	private final boolean readiness;

	private final ShutdownMode shutdownMode;

	private final Duration shutdownTimeout;

	private final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

	private final Object readinessMonitor = new Object();

	/** Whether each shard's last lifecycle event left it connected (READY or RESUMED). */
	private final Map<Integer, Boolean> connected = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile boolean shardsReady;

	DiscordGatewayLifecycle(AutoConfiguredGatewayShards shards, DiscordEventBridge bridge, ShardConfigFactory configFactory,
			ApplicationEventPublisher publisher, DiscordProperties properties, boolean sessionStoreActive) {
		this.shards = shards;
		this.bridge = bridge;
		this.configFactory = configFactory;
		this.publisher = publisher;
		this.autoStartup = properties.enabled();
		this.readiness = properties.gateway().readiness();
		ShutdownMode configured = properties.gateway().shutdown();
		this.shutdownMode = (configured != null) ? configured
				: (sessionStoreActive ? ShutdownMode.RESUMABLE : ShutdownMode.FINAL);
		this.shutdownTimeout = properties.gateway().shutdownTimeout();
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.shardsReady = false;
		this.connected.clear();
		if (this.readiness) {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		this.shards.onAssignmentChange(this::checkReady);
		try {
			this.bridge.refreshListeners();
			ShardConfig config = this.configFactory.create(this.bridge.listenedTypes(), this.bridge.rawListened());
			this.shards.start(config, this.bridge::sinkFor, this::observe);
			this.shards.manager()
				.ifPresent((manager) -> this.subscriptions.add(manager.reshards()
					.publishOn(Schedulers.boundedElastic())
					.subscribe(this.bridge::publishReshard,
							(ex) -> logger.warn("Re-shard stream of the Discord shards failed", ex))));
		}
		catch (RuntimeException ex) {
			// Start-up of the application must not depend on Discord being reachable; the shards' state shows it.
			logger.error("Discord gateway could not start: " + ex.getMessage(), ex);
		}
	}

	private Disposable observe(Flux<ShardLifecycleEvent> events) {
		// Lifecycle events come from the shards' I/O threads; listeners must not run there.
		Disposable subscription = events.publishOn(Schedulers.boundedElastic()).subscribe((event) -> {
			this.connected.put(event.shardId(),
					event instanceof ShardLifecycleEvent.Ready || event instanceof ShardLifecycleEvent.Resumed);
			try {
				this.bridge.publishLifecycle(event);
			}
			finally {
				checkReady();
			}
		}, (ex) -> logger.warn("Lifecycle stream of the Discord shards failed", ex));
		this.subscriptions.add(subscription);
		return subscription;
	}

	private void checkReady() {
		if (!this.readiness || this.shardsReady || !this.running) {
			return;
		}
		List<Shard> current = this.shards.shards();
		int expected = this.shards.expectedShards();
		boolean standby = expected == 0 && this.shards.isStandby();
		if (!standby
				&& (expected == 0 || current.size() < expected || !current.stream().allMatch(this::isConnected))) {
			return;
		}
		synchronized (this.readinessMonitor) {
			if (!this.shardsReady && this.running) {
				this.shardsReady = true;
				logger.info(standby ? "Discord gateway: standing by with no shard (the cluster's shards are taken); "
						+ "accepting traffic" : "Discord gateway: all " + current.size()
								+ " shard(s) connected; accepting traffic");
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
			}
		}
	}

	private boolean isConnected(Shard shard) {
		// The state is authoritative, but the lifecycle event may be seen just before the state is updated.
		return shard.state() == ShardState.CONNECTED || this.connected.getOrDefault(shard.shardId(), false);
	}

	/**
	 * Keeps readiness at REFUSING_TRAFFIC while the shards connect, even after Spring Boot announces
	 * ACCEPTING_TRAFFIC at the end of start-up. Ordered last so that it runs after Boot's availability bean has
	 * recorded the announcement.
	 * @param event a readiness change
	 */
	@EventListener
	@Order(Ordered.LOWEST_PRECEDENCE)
	void onReadinessChange(AvailabilityChangeEvent<ReadinessState> event) {
		if (!this.readiness || event.getSource() == this || event.getState() != ReadinessState.ACCEPTING_TRAFFIC) {
			return;
		}
		synchronized (this.readinessMonitor) {
			if (this.running && !this.shardsReady) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

	@Override
	public void stop() {
		Mono<Void> done = shutdown();
		try {
			done.block(this.shutdownTimeout);
		}
		catch (RuntimeException ex) {
			logger.warn("Discord gateway did not shut down within " + this.shutdownTimeout);
		}
	}

	@Override
	public void stop(Runnable callback) {
		AtomicBoolean called = new AtomicBoolean();
		shutdown().timeout(this.shutdownTimeout).doFinally((signal) -> {
			if (called.compareAndSet(false, true)) {
				callback.run();
			}
		}).subscribe(null, (ex) -> logger.warn("Discord gateway did not shut down within " + this.shutdownTimeout));
	}

	private Mono<Void> shutdown() {
		if (!this.running) {
			return Mono.empty();
		}
		synchronized (this.readinessMonitor) {
			this.running = false;
			if (this.readiness && this.shardsReady) {
				AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
			}
			this.shardsReady = false;
		}
		logger.info("Discord gateway: shutting down " + this.shards.shards().size() + " shard(s) ("
				+ this.shutdownMode.name().toLowerCase() + ")");
		return this.shards.shutdown(this.shutdownMode).doFinally((signal) -> {
			this.subscriptions.forEach(Disposable::dispose);
			this.subscriptions.clear();
		});
	}

	ShutdownMode shutdownMode() {
		return this.shutdownMode;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return GatewayShards.PHASE;
	}

	/** Whether every shard of this process has been connected since the last start. */
	public boolean isShardsReady() {
		return this.shardsReady;
	}

}
