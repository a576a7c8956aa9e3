package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.gateway.CloseCode;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardManager;

/**
 * Runs the {@link ShardLeaseManager} with the application: starts claiming once the gateway's shard manager exists
 * and has resolved the shard count, and on shutdown hands every owned shard over (closed resumably, its buffered
 * dispatches delivered to the listeners, session checkpointed at the last delivered sequence, lease released)
 * before the gateway lifecycle stops what is left. The stop is bounded by the shutdown timeout: the delivery
 * threads are daemons, so whatever is still buffered when the process exits is never delivered (the next owner's
 * resume replays it).
 * <p>
 * With re-sharding on, a shard closed with 4011 (sharding required) moves the instances' shard layout on (see
 * {@link ShardLeaseManager#requestReshard(int, String)}) to twice the count, or to the recommendation rounded up to
 * a multiple of the count if that is more; with {@code discord.gateway.shards.total=auto} so does a recommendation
 * that grew, asked for every check interval. The instances then re-shard their shards into it.
 * <p>
 * Phase {@link #PHASE}, above the gateway's {@link GatewayShards#PHASE}: started after the shards, stopped before
 * them.
 */
public final class RedisShardCoordination implements SmartLifecycle {

	/** Started after, and stopped before, the gateway's shards. */
	public static final int PHASE = GatewayShards.PHASE + 256;

	private static final Log logger = LogFactory.getLog(RedisShardCoordination.class);

	private static final Duration MANAGER_POLL = Duration.ofMillis(50);

	private final ShardLeaseManager leases;

	private final @Nullable GatewayShards shards;

	private final Duration stopTimeout;

	private volatile boolean running;

	private volatile @Nullable Disposable starting;

	private volatile @Nullable Disposable standingBy;

	private volatile @Nullable Disposable reshardTrigger;

	private volatile @Nullable Disposable recommendationCheck;

	private final Triggers triggers;

	/**
	 * What this instance does about the shard count.
	 * @param autoTotal whether the shard count is {@code /gateway/bot}'s recommendation (the leases were built
	 * without one and start with the count the shard manager resolved)
	 * @param onShardingRequired whether a close with 4011 moves the instances to more shards
	 * @param recommendationCheck how often to ask {@code /gateway/bot} whether it recommends more shards than the
	 * instances run (then they move to it, rounded up to a multiple of the count), or {@code null} never
	 */
	public record Triggers(boolean autoTotal, boolean onShardingRequired, @Nullable Duration recommendationCheck) {

		/** A fixed shard count and no re-sharding. */
		public static final Triggers NONE = new Triggers(false, false, null);

	}

	/**
	 * Create the lifecycle.
	 * @param leases the lease manager
	 * @param shards the gateway's shards, to wait for their manager; {@code null} to start claiming at once (a
	 * {@code ShardControl} of the application's own)
	 * @param stopTimeout how long a graceful stop may take
	 */
	public RedisShardCoordination(ShardLeaseManager leases, @Nullable GatewayShards shards, Duration stopTimeout) {
		this(leases, shards, stopTimeout, Triggers.NONE);
	}

	/**
	 * Create the lifecycle.
	 * @param leases the lease manager
	 * @param shards the gateway's shards, to wait for their manager; {@code null} to start claiming at once (a
	 * {@code ShardControl} of the application's own)
	 * @param stopTimeout how long a graceful stop may take
	 * @param triggers what to do about the shard count
	 */
	public RedisShardCoordination(ShardLeaseManager leases, @Nullable GatewayShards shards, Duration stopTimeout,
			Triggers triggers) {
		this.leases = leases;
		this.shards = shards;
		this.stopTimeout = stopTimeout;
		this.triggers = triggers;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		if (this.shards == null) {
			this.leases.start();
			return;
		}
		GatewayShards gateway = this.shards;
		// The manager is built when the gateway lifecycle starts, possibly after a discovery call; no lease may be
		// claimed before it can run the shard.
		this.starting = Flux.interval(Duration.ZERO, MANAGER_POLL)
			.map((tick) -> gateway.manager())
			.filter((manager) -> manager.isPresent())
			.next()
			.flatMap((manager) -> manager.get().resolved().thenReturn(manager.get()))
			.subscribe(this::startLeases,
					(ex) -> logger.error("Discord shard leases not started: the shard manager did not start ("
							+ ex.getMessage() + ")"));
	}

	private synchronized void startLeases(ShardManager manager) {
		if (!this.running) {
			return;
		}
		if (this.triggers.autoTotal()) {
			// the recommendation this instance got; the instances' layout in Redis wins if there is one
			this.leases.start(manager.totalShards());
		}
		else if (manager.totalShards() != this.leases.totalShards()) {
			logger.error("Discord shard leases not started: the gateway runs " + manager.totalShards()
					+ " shards but the leases are for " + this.leases.totalShards()
					+ "; set discord.gateway.shards.total (and discord.gateway.redis.lease.total-shards) to one number");
			return;
		}
		this.leases.start();
		if (this.triggers.onShardingRequired()) {
			this.reshardTrigger = reshardWhenRequired(manager);
		}
		Duration check = this.triggers.recommendationCheck();
		if (check != null) {
			this.recommendationCheck = reshardWhenRecommended(manager, check);
		}
		// more instances than shards: one whose first claim round gave it nothing stands by, ready
		GatewayShards gateway = this.shards;
		this.standingBy = this.leases.firstClaimRound().subscribe(null, null, () -> {
			if (gateway != null && this.leases.ownedShards().isEmpty()) {
				logger.info("Instance " + this.leases.instanceId() + " owns no shard after its first claim round; "
						+ "standing by to take one over");
				gateway.markStandby();
			}
		});
	}

	// Every instance's shards get the 4011: the first request moves the layout, the others find it moved.
	private Disposable reshardWhenRequired(ShardManager manager) {
		return manager.lifecycle()
			.filter((event) -> event instanceof ShardLifecycleEvent.FatallyClosed closed
					&& closed.closeCode() == CloseCode.SHARDING_REQUIRED.code())
			.filter((event) -> isSettled())
			.concatMap((event) -> requestReshard(manager, true, "close code 4011 on shard " + event.shardId()), 1)
			.subscribe();
	}

	// Every instance asks; the first to see the grown recommendation moves the layout.
	private Disposable reshardWhenRecommended(ShardManager manager, Duration interval) {
		return Flux.interval(interval, interval)
			.onBackpressureDrop()
			.filter((tick) -> isSettled())
			.concatMap((tick) -> requestReshard(manager, false, "recommended"), 1)
			.subscribe();
	}

	/** Whether this instance runs the instances' layout and is not moving. */
	private boolean isSettled() {
		return !this.leases.isResharding()
				&& this.leases.agreedLayout().generation() == this.leases.layout().generation();
	}

	/**
	 * Move the layout to the recommendation rounded up to a multiple of the count; after a 4011 ({@code required}) to
	 * at least twice the count, else only if the recommendation is more than the count.
	 */
	private Mono<Void> requestReshard(ShardManager manager, boolean required, String cause) {
		int now = this.leases.totalShards();
		Mono<Integer> recommended = manager.recommendedShards().onErrorResume((ex) -> {
			logger.warn("Could not ask /gateway/bot for the recommended shard count: " + ex.getMessage());
			return Mono.empty();
		});
		return recommended.map((count) -> ((count + now - 1) / now) * now)
			.map((total) -> required ? Math.max(total, now * 2) : total)
			.switchIfEmpty(required ? Mono.just(now * 2) : Mono.empty())
			.filter((total) -> total > now)
			.flatMap((total) -> this.leases.requestReshard(total, cause))
			.onErrorResume((ex) -> {
				logger.info("Re-shard (" + cause + ") not requested by this instance: " + ex.getMessage());
				return Mono.empty();
			})
			.then();
	}

	/** Graceful: hand every owned shard over to the other instances. */
	@Override
	public void stop() {
		Mono<Void> stopping = stopping();
		try {
			stopping.block(this.stopTimeout);
		}
		catch (RuntimeException ex) {
			logger.warn("Discord shard leases were not all handed over within " + this.stopTimeout
					+ "; the rest expire by themselves");
		}
	}

	@Override
	public void stop(Runnable callback) {
		AtomicBoolean called = new AtomicBoolean();
		stopping().timeout(this.stopTimeout).doFinally((signal) -> {
			if (called.compareAndSet(false, true)) {
				callback.run();
			}
		}).subscribe(null, (ex) -> logger.warn("Discord shard leases were not all handed over within "
				+ this.stopTimeout + "; the rest expire by themselves"));
	}

	private synchronized Mono<Void> stopping() {
		if (!this.running) {
			return Mono.empty();
		}
		this.running = false;
		disposeStarting();
		return this.leases.stop();
	}

	/**
	 * Stop coordinating at once, as if the process had died: nothing is handed over or released, the leases expire
	 * after their TTL and other instances then resume the shards from their last checkpoints. The shards of this
	 * process keep running until the gateway stops them. For tests and emergencies.
	 */
	public synchronized void halt() {
		this.running = false;
		disposeStarting();
		this.leases.halt();
	}

	private void disposeStarting() {
		Disposable pending = this.starting;
		if (pending != null) {
			pending.dispose();
		}
		Disposable standby = this.standingBy;
		if (standby != null) {
			standby.dispose();
		}
		Disposable trigger = this.reshardTrigger;
		if (trigger != null) {
			trigger.dispose();
		}
		Disposable check = this.recommendationCheck;
		if (check != null) {
			check.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** The lease manager. */
	public ShardLeaseManager leases() {
		return this.leases;
	}

}
