package dev.shard.autoconfigure;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

import dev.shard.gateway.DiscoveryStatus;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShutdownMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@link GatewayShards} that {@link DiscordGatewayLifecycle} starts and stops. Holds the {@link ShardManager},
 * which is built when the application starts: its configuration depends on the listeners in the context
 * ({@code intents=auto}), which are only all known then.
 */
final class AutoConfiguredGatewayShards implements GatewayShards {

	private static final Log logger = LogFactory.getLog(AutoConfiguredGatewayShards.class);

	private final DiscordPropertiesMapper mapper;

	private final IdentifyRateLimiter limiter;

	private final GatewayDiscovery discovery;

	private final ObjectProvider<ShardManagerCustomizer> customizers;

	private volatile @Nullable ShardManager manager;

	private volatile @Nullable Disposable starting;

	/** This process runs no shard on purpose (a cluster member standing by). */
	private volatile boolean standby;

	private volatile Runnable assignmentListener = () -> {
	};

	AutoConfiguredGatewayShards(DiscordPropertiesMapper mapper, IdentifyRateLimiter limiter,
			GatewayDiscovery discovery, ObjectProvider<ShardManagerCustomizer> customizers) {
		this.mapper = mapper;
		this.limiter = limiter;
		this.discovery = discovery;
		this.customizers = customizers;
	}

	/**
	 * Build the shard manager and start it without waiting for the shards to connect. Gateway discovery
	 * ({@code GET /gateway/bot}), when the URL or the shard count is not configured, runs in the background too.
	 * @param config the shard configuration
	 * @param sinks the sink of each shard id
	 * @param lifecycle receives the lifecycle events of every shard (subscribed before any shard starts)
	 */
	synchronized void start(ShardConfig config, IntFunction<ShardSink> sinks,
			Function<Flux<ShardLifecycleEvent>, Disposable> lifecycle) {
		// After a stop the previous manager (and its shards' final states) stays visible until this start.
		ShardManager.Builder builder = ShardManager.builder(config)
			.shards(this.mapper.shardIds())
			.identifyLimiter(this.limiter)
			.identifyWindow(this.mapper.properties().gateway().identifyWindow())
			// A graceful stop waits for the shards' buffered dispatches to reach the listeners (the delivery
			// threads are daemons); three quarters of the shutdown timeout leave the rest for the final checkpoint.
			.drainTimeout(this.mapper.properties().gateway().shutdownTimeout().multipliedBy(3).dividedBy(4))
			.sinkFactory(sinks);
		this.mapper.totalShards().ifPresent(builder::totalShards);
		DiscordProperties.Resharding resharding = this.mapper.properties().gateway().resharding();
		if (resharding.enabled()) {
			// the periodic check only makes sense when /gateway/bot decides the count
			builder.autoReshard(this.mapper.totalShards().isPresent() ? null : resharding.checkInterval());
		}
		builder.reshardTimeout(resharding.timeout()).reshardGuildWait(resharding.guildWait());
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		if (!this.mapper.gatewayUrlConfigured()) {
			// The manager takes the URL, shard count, budget and max_concurrency from /gateway/bot.
			builder.discovery(this.discovery);
		}
		else if (!builder.hasTotalShards()) {
			// A configured URL wins over the discovered one; only the shard count and the budget are asked for.
			// (A number from the properties or a customizer, e.g. the shard leases' count, needs no discovery.)
			builder.discovery(this.discovery).keepGatewayUrl();
		}
		startManager(builder.build(), lifecycle);
	}

	private synchronized void startManager(ShardManager manager,
			Function<Flux<ShardLifecycleEvent>, Disposable> lifecycle) {
		lifecycle.apply(manager.lifecycle());
		this.manager = manager;
		// Discovery retries without limit in the background (only a rejected token ends it); health and the
		// endpoint show its state through the manager meanwhile.
		this.starting = manager.start()
			.subscribe(null, (ex) -> logger.error("Discord shards could not start: " + ex.getMessage()));
	}

	@Override
	public DiscoveryStatus discoveryStatus() {
		ShardManager current = this.manager;
		return (current != null) ? current.discoveryStatus() : DiscoveryStatus.NOT_USED;
	}

	@Override
	public Optional<ShardManager> manager() {
		return Optional.ofNullable(this.manager);
	}

	@Override
	public List<Shard> shards() {
		ShardManager current = this.manager;
		return (current != null) ? current.shards() : List.of();
	}

	@Override
	public void markStandby() {
		this.standby = true;
		this.assignmentListener.run();
	}

	@Override
	public boolean isStandby() {
		return this.standby && expectedShards() == 0;
	}

	/** Called (on any thread) when the assignment of shards to this process changed, e.g. {@link #markStandby()}. */
	void onAssignmentChange(Runnable listener) {
		this.assignmentListener = listener;
	}

	@Override
	public int expectedShards() {
		ShardManager current = this.manager;
		return (current != null) ? current.shardIds().size() : 0;
	}

	@Override
	public int totalShards() {
		ShardManager current = this.manager;
		return (current != null) ? current.totalShards() : 0;
	}

	@Override
	public Optional<Shard> shard(int shardId) {
		ShardManager current = this.manager;
		return (current != null) ? current.shard(shardId) : Optional.empty();
	}

	@Override
	public IdentifyRateLimiter identifyLimiter() {
		return this.limiter;
	}

	/**
	 * Shut every shard down.
	 * @param mode resumable or final
	 * @return completes when all are closed
	 */
	synchronized Mono<Void> shutdown(ShutdownMode mode) {
		Disposable pending = this.starting;
		if (pending != null) {
			pending.dispose();
		}
		ShardManager current = this.manager;
		// the manager's shutdown also ends a discovery still retrying
		return (current != null) ? current.shutdown(mode) : Mono.empty();
	}

}
