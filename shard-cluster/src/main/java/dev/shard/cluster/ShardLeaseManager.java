package dev.shard.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import dev.shard.gateway.ReshardException;
import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShardConfig;

/**
 * Shard ownership across processes by leases in Redis, with failover.
 * <p>
 * Every {@code renewInterval} an instance (1) heartbeats: its id in the {@code <prefix>:instances} sorted set
 * (score = expiry) and {@code <prefix>:instance:<id>} with a TTL of {@code leaseTtl}; (2) renews all its leases
 * in one script: {@code <prefix>:lease:<shard>} holds {@code <instanceId>:<token>} with a TTL of
 * {@code leaseTtl}, the token coming from {@code INCR <prefix>:lease-fence:<shard>} (a fencing token, also
 * written with every session checkpoint so a former owner cannot overwrite the new owner's); (3) rebalances:
 * with a fixed shard set it claims whichever of them are free; otherwise it computes its even share of
 * {@code totalShards} among the live instances (sorted by id), releases extras (stop resumably, checkpoint,
 * delete the lease) and claims free shards (preferring {@code shard % n == its index}) up to its share.
 * Claiming a shard loads its saved session and starts it through {@link ShardControl} so it resumes.
 * <p>
 * <b>One connection per shard.</b> A lease can only be claimed once its key has expired, i.e. at least
 * {@code leaseTtl} after the previous owner's last successful renewal. An owner stops a shard as soon as a
 * renewal says another instance holds it, and (under {@link OutagePolicy#STOP_SHARDS}, or whenever Redis is
 * answering) when it has gone {@code leaseTtl - renewInterval} without a successful renewal, which leaves one
 * renew interval for the close before anyone else may claim. Hence {@code leaseTtl > 3 × renewInterval} is
 * required. An owner whose lease lapsed without anyone taking it re-claims it (new token) and keeps running.
 * <p>
 * <b>Redis unavailable.</b> Nothing is claimed or released while Redis cannot be read. What happens to running
 * shards is the {@link OutagePolicy}: by default they keep running (a Redis outage does not take the bot
 * offline), and when Redis answers again each lease is renewed or re-claimed, or the shard is stopped if
 * another instance holds it by then. After an outage long enough for leases to lapse (everyone's did), an
 * instance claims and releases nothing for {@code leaseTtl}, so its peers re-acquire their own shards instead of
 * seeing them taken by whichever instance reached Redis first. The price: if only this instance is cut off from
 * Redis while others reach it, they take its shards after {@code leaseTtl} and both connect until the partition
 * heals (Discord closes the older connection of a resumed session, so the two fight rather than both receive
 * events). Choose {@link OutagePolicy#STOP_SHARDS} for strict single ownership at the price of going offline
 * during an outage.
 * <p>
 * <b>Re-sharding.</b> The instances agree on a {@link ShardLayout} in Redis: the shard count and a generation.
 * {@link #requestReshard(int, String)} moves it on (to a multiple of the count, so that each guild's new shard is a
 * child {@code j} of its old shard {@code j % old}); every instance sees the new generation at its next tick and,
 * for the shards it owns, claims the leases of their children in the new generation, has its {@link ShardControl}
 * re-shard them ({@link ShardControl#reshard(int)}: the children connect beside the old shards and take over once
 * ready) and then releases the old leases and forgets the old checkpoints. Meanwhile nothing is rebalanced; after
 * it, a free lease of the new generation is claimed only once the lease of its parent is gone, so no shard of the
 * new layout connects while an instance still runs its guilds in the old one. An instance that owns nothing
 * (starting, or standing by) takes the new count at once. An instance whose re-shard fails releases what it claimed
 * and runs on in the old layout, retrying after {@link Builder#reshardRetryDelay(Duration)}.
 */
public final class ShardLeaseManager implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ShardLeaseManager.class);

	/** What running shards do while Redis cannot be reached. */
	public enum OutagePolicy {

		/** Keep connected shards running; reconcile leases when Redis returns (default). */
		KEEP_RUNNING,

		/** Stop shards whose lease can no longer be renewed in time, as if another instance held them. */
		STOP_SHARDS

	}

	private final ClusterRedisClient redis;

	private final String instanceId;

	/** The shard count configured (or given to {@link #start(int)}): the layout unless Redis holds another. */
	private volatile int configuredTotal;

	/** The layout this instance runs: its leases, checkpoints and shards belong to it. */
	private volatile ShardLayout layout;

	/** The layout in Redis at the last tick; ahead of {@link #layout} while this instance has not followed it. */
	private volatile ShardLayout agreedLayout;

	/** The re-shard this instance is going through, if any. */
	private volatile Transition transition;

	private final Duration reshardRetryDelay;

	/** After a failed re-shard: not before this ({@code System.nanoTime()}) again, if {@link #reshardRetryPending}. */
	private volatile long reshardRetryAt;

	private volatile boolean reshardRetryPending;

	private volatile boolean layoutMismatchLogged;

	private volatile Set<Integer> fixedShards;

	private final Duration leaseTtl;

	private final Duration renewInterval;

	private final ShardControl control;

	private final RedisSessionStore sessionStore;

	private final SessionCheckpointer checkpointer;

	private final OutagePolicy outagePolicy;

	private final RedisLeases leases;

	private final LeaseHandOvers handOvers;

	private final Map<Integer, Lease> owned = new ConcurrentHashMap<>();

	private volatile List<String> liveInstances = List.of();

	private volatile Disposable ticker;

	private volatile Disposable watchdog;

	private volatile boolean running;

	/** Whether the last tick failed: after an outage only a renewal, not the clock, may take a shard away. */
	private volatile boolean tickFailed;

	/** When the last successful tick started ({@code System.nanoTime()}), if {@link #tickSucceeded}. */
	private volatile long lastTickOk;

	private volatile boolean tickSucceeded;

	/** Whether rebalancing waits after an outage, until {@link #rebalanceAfter} (a {@code System.nanoTime()}). */
	private volatile boolean rebalancePaused;

	private volatile long rebalanceAfter;

	private final AtomicLong claims = new AtomicLong();

	private final AtomicLong resumedClaims = new AtomicLong();

	private final AtomicLong failedTicks = new AtomicLong();

	private final AtomicLong ticks = new AtomicLong();

	private volatile Sinks.Empty<Void> firstClaimRound = Sinks.empty();

	private ShardLeaseManager(Builder b) {
		this.redis = b.redis;
		this.instanceId = b.instanceId;
		this.configuredTotal = b.totalShards;
		this.layout = ShardLayout.initial(Math.max(b.totalShards, 1));
		this.agreedLayout = this.layout;
		this.reshardRetryDelay = b.reshardRetryDelay;
		this.fixedShards = (b.shards != null) ? Collections.unmodifiableSet(new TreeSet<>(b.shards)) : null;
		this.leaseTtl = b.leaseTtl;
		this.renewInterval = (b.renewInterval != null) ? b.renewInterval : b.leaseTtl.dividedBy(4);
		if (this.leaseTtl.compareTo(this.renewInterval.multipliedBy(3)) <= 0) {
			throw new IllegalArgumentException("leaseTtl (" + this.leaseTtl + ") must be more than 3 x renewInterval ("
					+ this.renewInterval + ")");
		}
		this.control = b.control;
		this.sessionStore = b.sessionStore;
		this.checkpointer = b.checkpointer;
		this.outagePolicy = b.outagePolicy;
		this.leases = new RedisLeases(b.redis, b.keyPrefix, this.instanceId, this.leaseTtl);
		this.handOvers = new LeaseHandOvers(this.instanceId, this.control, this.leases, b.releaseTimeout);
	}

	/**
	 * A builder.
	 * @param redis the Redis client
	 * @param keyPrefix the prefix of every key
	 * @param control what starts and stops the shards
	 * @param totalShards the bot's shard count, or 0 if it is known only at {@link #start(int)}
	 * @return the builder
	 */
	public static Builder builder(ClusterRedisClient redis, String keyPrefix, ShardControl control, int totalShards) {
		return new Builder(redis, keyPrefix, control, totalShards);
	}

	/**
	 * Start with a shard count known only now (built with 0: {@code /gateway/bot}'s recommendation, say): it is the
	 * layout unless the instances agreed on another in Redis. Idempotent.
	 * @param totalShards the shard count
	 */
	public synchronized void start(int totalShards) {
		if (!this.running) {
			if (totalShards < 1) {
				throw new IllegalArgumentException("totalShards must be at least 1");
			}
			if (this.fixedShards != null && this.fixedShards.stream().anyMatch((id) -> id >= totalShards)) {
				throw new IllegalArgumentException("shards " + this.fixedShards + " do not all fit " + totalShards);
			}
			this.configuredTotal = totalShards;
			if (this.layout.generation() == 0 && this.owned.isEmpty()) {
				this.layout = ShardLayout.initial(totalShards);
				this.agreedLayout = this.layout;
			}
		}
		start();
	}

	/** Start heartbeating, renewing and claiming. Idempotent. */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		if (this.configuredTotal < 1) {
			throw new IllegalStateException("Built without a shard count: start(totalShards) instead");
		}
		this.running = true;
		this.ticks.set(0);
		this.firstClaimRound = Sinks.empty();
		this.ticker = Flux.interval(Duration.ZERO, this.renewInterval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap((t) -> tick(), 1)
			.subscribe();
		Duration watch = this.renewInterval.dividedBy(2);
		this.watchdog = Flux.interval(watch, watch, Schedulers.parallel())
			.onBackpressureDrop()
			.subscribe((t) -> checkDeadlines());
		logger.info("Shard lease manager {} started ({} shards, {}, lease {} ms, renew every {} ms)", this.instanceId,
				this.layout.totalShards(), (this.fixedShards != null) ? "shards " + this.fixedShards : "even share",
				this.leaseTtl.toMillis(), this.renewInterval.toMillis());
	}

	/**
	 * Graceful stop: stop every owned shard resumably, let its buffer deliver what it received (bounded by the
	 * {@link Builder#releaseTimeout(Duration) release timeout}), checkpoint its session at the last delivered
	 * sequence, release its lease, leave the instance set. Leases keep being renewed until then. Other instances
	 * then take the shards over and resume them: nothing is lost; what was delivered after the final checkpoint
	 * (only when the drain timed out) may be delivered again by the new owner.
	 */
	public Mono<Void> stop() {
		return Mono.defer(() -> {
			synchronized (this) {
				// no more claims or rebalancing; the ticker goes on renewing the leases being handed over
				this.running = false;
			}
			new ArrayList<>(this.owned.values()).forEach((lease) -> release(lease, "instance stopping"));
			// a move to another layout under way ends here: its new leases are given back for the others
			Transition t = this.transition;
			this.transition = null;
			Mono<Void> unclaimed = (t != null) ? Flux.fromIterable(t.claimed.values())
				.flatMap((lease) -> this.leases.release(lease).onErrorResume((ex) -> Mono.empty()))
				.then() : Mono.empty();
			return unclaimed.then(this.handOvers.awaitInFlight())
				.then(Mono.fromRunnable(this::halt))
				.then(this.leases.deregister().onErrorResume((ex) -> Mono.empty()).then());
		});
	}

	/**
	 * Stop coordinating at once without stopping shards or releasing anything, as if the process had died: its
	 * leases expire after {@code leaseTtl}. For tests and emergencies.
	 */
	public synchronized void halt() {
		this.running = false;
		if (this.ticker != null) {
			this.ticker.dispose();
		}
		if (this.watchdog != null) {
			this.watchdog.dispose();
		}
	}

	@Override
	public void close() {
		stop().block(this.leaseTtl.multipliedBy(2));
	}

	private Mono<Void> tick() {
		long started = System.nanoTime();
		return this.leases.heartbeat()
			.flatMap((live) -> {
				this.liveInstances = live;
				return this.leases.layout(this.configuredTotal).flatMap((agreed) -> {
					this.agreedLayout = agreed;
					return renew(started).then(Mono.fromRunnable(() -> recovered(started)))
						.then(Mono.defer(() -> followLayout(agreed, started)))
						.then(Mono.defer(() -> rebalance(started)));
				});
			})
			.onErrorResume((ex) -> {
				this.tickFailed = true;
				this.failedTicks.incrementAndGet();
				logger.debug("Lease tick of {} failed: {}", this.instanceId, ex.toString());
				return Mono.empty();
			});
	}

	// After an outage long enough for leases to lapse, every instance's leases and heartbeat have lapsed, not just
	// this one's: the first instance back would see itself alone and claim its peers' shards while they still run
	// them (a second connection per shard, the peers then losing their leases, resumes racing into fresh
	// identifies). So claim and release nothing for one lease TTL, the time a crashed instance's leases take to
	// expire anyway: every instance that is still alive renews (or re-acquires) its own leases in that time. A
	// shorter hiccup (one slow tick) lapses nobody's lease and does not delay a takeover.
	private void recovered(long started) {
		boolean lapsed = !this.tickSucceeded
				|| started - this.lastTickOk > this.leaseTtl.minus(this.renewInterval).toNanos();
		this.lastTickOk = started;
		this.tickSucceeded = true;
		if (this.tickFailed && lapsed) {
			this.rebalanceAfter = started + this.leaseTtl.toNanos();
			this.rebalancePaused = true;
			logger.info("Instance {} reaches Redis again; kept its own leases, claims no other shard for {} ms so "
					+ "that instances whose leases lapsed in the outage re-acquire theirs first", this.instanceId,
					this.leaseTtl.toMillis());
		}
		this.tickFailed = false;
	}

	// ---- re-sharding across instances ------------------------------------------------------------------------

	/**
	 * Move the instances to {@code totalShards} shards: raise the {@link ShardLayout} in Redis to the next
	 * generation, which every instance (this one included) follows at its next tick by re-sharding the shards it
	 * owns. Refused ({@link ReshardException}) if the count is not a multiple of the count now and larger (each
	 * guild's new shard must be a child of its old one, so that the instance that runs the old shard can run the
	 * new one beside it), if a re-shard is under way, or if another instance moved the layout meanwhile.
	 * @param totalShards the new shard count
	 * @param cause why, for the logs
	 * @return the new layout, once agreed (not yet switched to: {@link #isResharding()} and the shard control's
	 * events say when)
	 */
	public Mono<ShardLayout> requestReshard(int totalShards, String cause) {
		return Mono.defer(() -> {
			ShardLayout current = this.layout;
			ShardLayout agreed = this.agreedLayout;
			String refused = null;
			if (this.transition != null || agreed.generation() > current.generation()) {
				refused = "the instances are re-sharding to " + agreed.totalShards() + " shard(s) already";
			}
			else if (totalShards <= current.totalShards()) {
				refused = "across instances the shard count can only grow (it is " + current.totalShards() + ")";
			}
			else if (totalShards % current.totalShards() != 0) {
				refused = "across instances the new count must be a multiple of " + current.totalShards()
						+ ", so that each guild's old and new shard are run by the same instance";
			}
			if (refused != null) {
				return Mono.error(new ReshardException("Cannot re-shard to " + totalShards + ": " + refused));
			}
			return this.leases.bumpLayout(current, totalShards).flatMap((bump) -> {
				if (!bump.moved()) {
					this.agreedLayout = bump.layout();
					return Mono.error(new ReshardException("Cannot re-shard to " + totalShards + ": the layout "
							+ "changed meanwhile (now " + bump.layout().totalShards() + " shard(s), generation "
							+ bump.layout().generation() + ")"));
				}
				logger.info("Instance {} moved the shard layout from {} to {} shard(s) (generation {}, {}); every "
						+ "instance re-shards the shards it owns", this.instanceId, current.totalShards(),
						totalShards, bump.layout().generation(), cause);
				return Mono.just(bump.layout());
			});
		});
	}

	private Mono<Void> followLayout(ShardLayout agreed, long started) {
		ShardLayout current = this.layout;
		Transition t = this.transition;
		if (t != null) {
			// the switch itself happens here, on the tick, so that leases change hands between renewals only
			return switch (t.state) {
				case SWITCHED -> finishTransition(t);
				case FAILED -> abandonTransition(t, started);
				default -> Mono.empty();
			};
		}
		if (agreed.generation() < current.generation()) {
			// Redis lost the layout (a restart without persistence): write it back for instances that join
			return this.leases.restoreLayout(current).doOnNext((restored) -> {
				if (restored) {
					logger.warn("The shard layout was missing in Redis; instance {} wrote back its own ({} shards, "
							+ "generation {})", this.instanceId, current.totalShards(), current.generation());
				}
			}).then();
		}
		if (agreed.equals(current) || !this.running) {
			return Mono.empty();
		}
		boolean idle = this.owned.isEmpty() && this.handOvers.releasing().isEmpty();
		if (agreed.generation() == current.generation() && !idle) {
			// only instances that were given different counts and claimed before the layout was written get here
			if (!this.layoutMismatchLogged) {
				this.layoutMismatchLogged = true;
				logger.error("Instance {} runs {} shards but the instances' layout in Redis has {} at the same "
						+ "generation; set one shard count for all instances", this.instanceId,
						current.totalShards(), agreed.totalShards());
			}
			return Mono.empty();
		}
		if (idle) {
			return this.control.adoptShardCount(agreed.totalShards()).then(Mono.<Void>fromRunnable(() -> {
				useLayout(current, agreed);
				logger.info("Instance {} follows the shard layout of the instances: {} shard(s), generation {}",
						this.instanceId, agreed.totalShards(), agreed.generation());
			})).onErrorResume((ex) -> {
				logger.warn("Instance {} could not take the shard count {} of the instances' layout: {}",
						this.instanceId, agreed.totalShards(), ex.getMessage());
				return Mono.empty();
			});
		}
		if (this.reshardRetryPending && started - this.reshardRetryAt < 0) {
			return Mono.empty();
		}
		if (agreed.totalShards() % current.totalShards() != 0) {
			if (!this.reshardRetryPending) {
				logger.error("Instance {} cannot follow the shard layout of the instances to {} shard(s): not a "
						+ "multiple of the {} it runs; its shards run on in the old layout", this.instanceId,
						agreed.totalShards(), current.totalShards());
			}
			this.reshardRetryPending = true;
			this.reshardRetryAt = started + this.reshardRetryDelay.toNanos();
			return Mono.empty();
		}
		return beginTransition(current, agreed, started);
	}

	/** Claim the new generation's leases of the owned shards' children, then have the control re-shard. */
	private Mono<Void> beginTransition(ShardLayout from, ShardLayout to, long started) {
		Transition t = new Transition(from, to);
		this.transition = t;
		Set<Integer> children = to.children(this.owned.keySet(), from.totalShards());
		logger.info("Instance {} re-shards its shards {} of {} into {} of {} (layout generation {})", this.instanceId,
				new TreeSet<>(this.owned.keySet()), from.totalShards(), children, to.totalShards(), to.generation());
		return Flux.fromIterable(children).concatMap((id) -> this.leases.claim(to.generation(), id).doOnNext((token) -> {
			if (token == 0) {
				throw new ReshardException("the lease of new shard " + id + " is held by another instance");
			}
			t.claimed.put(id, new Lease(to.generation(), id, token, started, Mono.empty()));
		}), 1).then(Mono.fromRunnable(() -> {
			t.state = TransitionState.RESHARDING;
			this.control.reshard(to.totalShards()).subscribe(null, t::fail, () -> t.state = TransitionState.SWITCHED);
		})).onErrorResume((ex) -> {
			t.fail(ex);
			return Mono.empty();
		}).then();
	}

	/**
	 * The control's new shards took over (its old ones are closed for good): own the new leases, checkpoint them
	 * under the new generation, release the old leases and forget their checkpoints.
	 */
	private Mono<Void> finishTransition(Transition t) {
		List<Lease> old = new ArrayList<>(this.owned.values());
		old.forEach((lease) -> {
			if (lease.tracked != null) {
				lease.tracked.untrack();
			}
		});
		// a checkpoint of an old shard still being written would land under the new generation's keys
		Mono<Void> settled = Flux.fromIterable(old)
			.flatMap((lease) -> (lease.tracked != null) ? lease.tracked.settled() : Mono.<Void>empty())
			.then();
		return settled.then(Mono.fromRunnable(() -> {
			useLayout(t.from, t.to);
			this.owned.clear();
			t.claimed.values().forEach((lease) -> {
				this.owned.put(lease.shardId(), lease);
				checkpoint(lease);
			});
			this.transition = null;
			this.reshardRetryPending = false;
			logger.info("Instance {} runs shards {} of {} (layout generation {}); releasing the leases of the old "
					+ "layout", this.instanceId, new TreeSet<>(this.owned.keySet()), t.to.totalShards(),
					t.to.generation());
		})).then(Flux.fromIterable(old).flatMap((lease) -> this.leases.release(lease)
			.then((this.sessionStore != null)
					? this.sessionStore.delete(t.from.generation(), lease.shardId(), lease.token()).then()
					: Mono.<Void>empty())
			.onErrorResume((ex) -> {
				logger.warn("Could not release the old lease of shard {} ({}); it expires by itself",
						lease.shardId(), ex.getMessage());
				return Mono.empty();
			})).then());
	}

	private Mono<Void> abandonTransition(Transition t, long started) {
		this.transition = null;
		this.reshardRetryPending = true;
		this.reshardRetryAt = started + this.reshardRetryDelay.toNanos();
		logger.warn("Instance {} could not re-shard to {} shard(s) (generation {}): {}; its shards run on in the old "
				+ "layout, next try in {} s", this.instanceId, t.to.totalShards(), t.to.generation(),
				(t.failure != null) ? t.failure.getMessage() : "unknown", this.reshardRetryDelay.toSeconds());
		return Flux.fromIterable(t.claimed.values())
			.flatMap((lease) -> this.leases.release(lease).onErrorResume((ex) -> Mono.empty()))
			.then();
	}

	/** Run on {@code to} from now on: its shard count, its keys for checkpoints, the fixed shards' children. */
	private void useLayout(ShardLayout from, ShardLayout to) {
		Set<Integer> fixed = this.fixedShards;
		if (fixed != null) {
			this.fixedShards = Collections.unmodifiableSet(to.children(fixed, from.totalShards()));
		}
		if (this.sessionStore != null) {
			this.sessionStore.useGeneration(to.generation());
		}
		this.layout = to;
	}

	private enum TransitionState {

		CLAIMING, RESHARDING, SWITCHED, FAILED

	}

	/** This instance's move from one layout to the next. */
	private static final class Transition {

		final ShardLayout from;

		final ShardLayout to;

		/** The new generation's leases of the owned shards' children, renewed while the new shards connect. */
		final Map<Integer, Lease> claimed = new ConcurrentHashMap<>();

		volatile TransitionState state = TransitionState.CLAIMING;

		volatile Throwable failure;

		Transition(ShardLayout from, ShardLayout to) {
			this.from = from;
			this.to = to;
		}

		void fail(Throwable ex) {
			if (this.state != TransitionState.SWITCHED) {
				this.failure = ex;
				this.state = TransitionState.FAILED;
			}
		}

	}

	private Mono<Void> renew(long started) {
		Transition t = this.transition;
		List<Lease> leases = Stream
			.concat(Stream.concat(this.owned.values().stream(), this.handOvers.releasing().stream()),
					(t != null) ? t.claimed.values().stream() : Stream.empty())
			.sorted(Comparator.comparingInt(Lease::shardId))
			.toList();
		if (leases.isEmpty()) {
			return Mono.empty();
		}
		return this.leases.renew(leases).flatMap((reply) -> {
			List<Mono<Void>> followUps = new ArrayList<>();
			for (int i = 0; i < leases.size() && i < reply.length(); i++) {
				Lease lease = leases.get(i);
				if (t != null && t.claimed.get(lease.shardId()) == lease) {
					// a lease of the layout being moved to: kept while the new shards connect
					if (reply.charAt(i) == '1') {
						lease.lastRenewed = started;
					}
					else {
						t.fail(new ReshardException("the lease of new shard " + lease.shardId() + " was lost"));
					}
					continue;
				}
				if (this.handOvers.isReleasing(lease)) {
					// being handed over: renewed while it drains; if it lapsed or was taken, the hand-over goes on
					continue;
				}
				switch (reply.charAt(i)) {
					case '1' -> lease.lastRenewed = started;
					case '0' -> followUps.add(reclaim(lease, started));
					default -> lose(lease, "another instance holds its lease");
				}
			}
			return Flux.merge(followUps).then();
		});
	}

	// The lease lapsed (e.g. a long pause or a Redis restart) but nobody took it: take it again and keep running.
	private Mono<Void> reclaim(Lease lease, long started) {
		return this.leases.claim(lease.generation(), lease.shardId()).flatMap((token) -> {
			if (token == 0) {
				return lose(lease, "its lease lapsed and another instance took it");
			}
			logger.info("Re-acquired the lapsed lease of shard {} (token {})", lease.shardId(), token);
			Lease renewed = new Lease(lease.generation(), lease.shardId(), token, started, lease.startup());
			this.owned.put(lease.shardId(), renewed);
			checkpoint(renewed);
			return Mono.empty();
		});
	}

	private Mono<Void> rebalance(long started) {
		// a tick that may claim (not the first, not paused after an outage) completes the first claim round
		boolean claiming = this.running && this.ticks.get() > 0
				&& !(this.rebalancePaused && started - this.rebalanceAfter < 0);
		return rebalanceOnce(started).then(Mono.fromRunnable(() -> {
			if (claiming) {
				this.firstClaimRound.tryEmitEmpty();
			}
		}));
	}

	private Mono<Void> rebalanceOnce(long started) {
		// Claim nothing on the first tick: instances starting together first see each other, instead of the
		// first one claiming everything and handing most of it over a moment later.
		if (!this.running || this.ticks.getAndIncrement() == 0) {
			return Mono.empty();
		}
		if (this.rebalancePaused) {
			if (started - this.rebalanceAfter < 0) {
				return Mono.empty();
			}
			this.rebalancePaused = false;
		}
		ShardLayout current = this.layout;
		if (this.transition != null || this.agreedLayout.generation() > current.generation()) {
			return Mono.empty(); // moving to another layout: the shards follow their parents, nothing is rebalanced
		}
		List<Integer> candidates;
		int target;
		Set<Integer> fixed = this.fixedShards;
		if (fixed != null) {
			target = fixed.size();
			candidates = fixed.stream().filter((id) -> !this.owned.containsKey(id)).toList();
		}
		else {
			List<String> live = this.liveInstances;
			int n = live.size();
			int index = live.indexOf(this.instanceId);
			target = LeaseShare.target(current.totalShards(), n, index);
			if (this.owned.size() > target) {
				// in the background: a hand-over waits for the shard's buffer to drain, renewals must not
				LeaseShare.extras(this.owned.values(), n, index, target)
					.forEach((l) -> release(l, "rebalancing to " + n + " instances"));
				return Mono.empty();
			}
			candidates = LeaseShare.claimOrder(current.totalShards(), n, index, this.owned.keySet());
		}
		int wanted = target - this.owned.size();
		if (wanted <= 0 || candidates.isEmpty()) {
			return Mono.empty();
		}
		return withoutHeldParents(current, candidates).flatMap((claimable) -> Flux.fromIterable(claimable)
			.concatMap((id) -> (this.owned.size() >= target) ? Mono.<Void>empty() : claim(current, id, started), 1)
			.then());
	}

	/**
	 * After a re-shard: the shards whose parent's lease in the generation before is gone. While another instance
	 * still holds the parent, it runs that shard's guilds in the old layout (its re-shard is under way or failed)
	 * and claims the child itself.
	 */
	private Mono<List<Integer>> withoutHeldParents(ShardLayout current, List<Integer> candidates) {
		if (current.generation() == 0) {
			return Mono.just(candidates);
		}
		int previous = current.previousTotal();
		return this.leases.owners(current.generation() - 1, previous)
			.map((held) -> candidates.stream().filter((id) -> !held.containsKey(id % previous)).toList());
	}

	private Mono<Void> claim(ShardLayout current, int shardId, long started) {
		return this.leases.claim(current.generation(), shardId).flatMap((token) -> {
			if (token == 0 || !this.running) {
				return Mono.empty();
			}
			this.claims.incrementAndGet();
			Mono<Optional<SessionInfo>> saved = (this.sessionStore != null)
					? this.sessionStore.load(shardId).onErrorResume((ex) -> {
						logger.warn("Could not load the saved session of shard {}; it will identify through the "
								+ "limiter: {}", shardId, ex.getMessage());
						return Mono.just(Optional.empty());
					}) : Mono.just(Optional.empty());
			return saved.doOnNext((session) -> {
				session.ifPresent((s) -> this.resumedClaims.incrementAndGet());
				logger.info("Instance {} claimed shard {} (token {}), {}", this.instanceId, shardId, token,
						session.isPresent() ? "resuming its saved session" : "no saved session");
				Mono<Void> startup = this.control.start(shardId, session)
					.doOnError((ex) -> logger.warn("Shard {} failed to start: {}", shardId, ex.toString()))
					.onErrorResume((ex) -> Mono.empty())
					.cache();
				Lease lease = new Lease(current.generation(), shardId, token, started, startup);
				this.owned.put(shardId, lease);
				checkpoint(lease);
				// Starting may take until READY; the tick must not wait for it or renewals would lag.
				startup.subscribe();
			}).then();
		});
	}

	/** Checkpoint the shard's session with the lease's fencing token until it is handed over. */
	private void checkpoint(Lease lease) {
		if (this.checkpointer != null) {
			int shardId = lease.shardId();
			lease.tracked = this.checkpointer.track(shardId, lease.token(), () -> this.control.session(shardId));
		}
	}

	/** Hand a shard over in the background (see {@link LeaseHandOvers}); nothing if it is no longer owned. */
	private Mono<Void> release(Lease lease, String reason) {
		if (!this.owned.remove(lease.shardId(), lease)) {
			return Mono.empty();
		}
		return this.handOvers.release(lease, reason);
	}

	/** Stop a shard whose lease is gone, in the background; nothing if it is no longer owned. */
	private Mono<Void> lose(Lease lease, String reason) {
		if (!this.owned.remove(lease.shardId(), lease)) {
			return Mono.empty();
		}
		return this.handOvers.lose(lease, reason);
	}

	private void checkDeadlines() {
		long limit = this.leaseTtl.minus(this.renewInterval).toNanos();
		long now = System.nanoTime();
		for (Lease lease : this.owned.values()) {
			if (now - lease.lastRenewed > limit) {
				// Redis may answer another component (limiter, checkpoint) a moment before this instance's next
				// renewal: until that renewal ran, the lapsed deadline is the outage's, not a lost lease.
				if (this.outagePolicy == OutagePolicy.KEEP_RUNNING && (!this.redis.isAvailable() || this.tickFailed)) {
					if (!lease.outageLogged) {
						lease.outageLogged = true;
						logger.warn("Lease of shard {} cannot be renewed while Redis is unavailable; keeping the "
								+ "connected shard running (outage policy KEEP_RUNNING)", lease.shardId());
					}
					continue;
				}
				lose(lease, "its lease could not be renewed in time");
			}
		}
	}

	/**
	 * Completes once this instance has been through a round in which it could claim (the second tick; the first
	 * only registers the instance): it then owns what its share gave it, possibly nothing when there are more
	 * instances than shards.
	 * @return a signal of the first claim round
	 */
	public Mono<Void> firstClaimRound() {
		return this.firstClaimRound.asMono();
	}

	/** The shards this instance holds leases for. */
	public Set<Integer> ownedShards() {
		return Collections.unmodifiableSet(new TreeSet<>(this.owned.keySet()));
	}

	/** The lease fencing token of an owned shard. */
	public Optional<Long> fencingToken(int shardId) {
		return Optional.ofNullable(this.owned.get(shardId)).map(Lease::token);
	}

	/** Instances seen alive at the last heartbeat, sorted. */
	public List<String> liveInstances() {
		return this.liveInstances;
	}

	/** Who holds each shard's lease of the layout this instance runs, right now (reads Redis). */
	public Mono<Map<Integer, String>> owners() {
		ShardLayout current = this.layout;
		return this.leases.owners(current.generation(), current.totalShards());
	}

	public String instanceId() {
		return this.instanceId;
	}

	/** The bot's shard count the leases are for: the layout this instance runs. */
	public int totalShards() {
		return this.layout.totalShards();
	}

	/** The layout this instance runs (its leases, checkpoints and shards belong to it). */
	public ShardLayout layout() {
		return this.layout;
	}

	/** The layout the instances agreed on in Redis, as of the last tick (ahead of {@link #layout()} while moving). */
	public ShardLayout agreedLayout() {
		return this.agreedLayout;
	}

	/** Whether this instance is moving its shards to another layout. */
	public boolean isResharding() {
		return this.transition != null;
	}

	/** The fixed shard set this instance claims, or empty for an even share of {@link #totalShards()}. */
	public Optional<Set<Integer>> fixedShards() {
		return Optional.ofNullable(this.fixedShards);
	}

	public boolean isRunning() {
		return this.running;
	}

	/** Whether Redis answered the last command. */
	public boolean isRedisAvailable() {
		return this.redis.isAvailable();
	}

	public Duration leaseTtl() {
		return this.leaseTtl;
	}

	public Duration renewInterval() {
		return this.renewInterval;
	}

	public OutagePolicy outagePolicy() {
		return this.outagePolicy;
	}

	/** Leases claimed (metrics). */
	public long claimCount() {
		return this.claims.get();
	}

	/** Claims that found a saved session to resume (metrics). */
	public long resumedClaimCount() {
		return this.resumedClaims.get();
	}

	/** Shards stopped because their lease was lost (metrics). */
	public long lostLeaseCount() {
		return this.handOvers.lostCount();
	}

	/** Leases handed back (rebalancing, shutdown) (metrics). */
	public long releaseCount() {
		return this.handOvers.releaseCount();
	}

	/** Ticks that failed, e.g. Redis unavailable (metrics). */
	public long failedTickCount() {
		return this.failedTicks.get();
	}

	@Override
	public String toString() {
		return "ShardLeaseManager[" + this.instanceId + ", owned="
				+ this.owned.keySet().stream().sorted().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))
				+ "]";
	}

	/** Builder of {@link ShardLeaseManager}. */
	public static final class Builder {

		private final ClusterRedisClient redis;

		private final String keyPrefix;

		private final ShardControl control;

		private final int totalShards;

		private String instanceId = defaultInstanceId();

		private Set<Integer> shards;

		private Duration leaseTtl = Duration.ofSeconds(15);

		private Duration renewInterval;

		private RedisSessionStore sessionStore;

		private SessionCheckpointer checkpointer;

		private OutagePolicy outagePolicy = OutagePolicy.KEEP_RUNNING;

		private Duration releaseTimeout = Duration.ofSeconds(30);

		private Duration reshardRetryDelay = Duration.ofMinutes(1);

		private Builder(ClusterRedisClient redis, String keyPrefix, ShardControl control, int totalShards) {
			this.redis = Objects.requireNonNull(redis, "redis");
			this.keyPrefix = ClusterRedisClient.requireText(keyPrefix, "keyPrefix");
			this.control = Objects.requireNonNull(control, "control");
			if (totalShards < 0) {
				throw new IllegalArgumentException("totalShards must be at least 1, or 0 for start(totalShards)");
			}
			this.totalShards = totalShards;
		}

		/** Unique per process; defaults to host name, pid and a random suffix. */
		public Builder instanceId(String instanceId) {
			String id = ClusterRedisClient.requireText(instanceId, "instanceId");
			if (id.contains(",") || id.contains(" ")) {
				throw new IllegalArgumentException("instanceId must not contain ',' or spaces");
			}
			this.instanceId = id;
			return this;
		}

		/** Claim exactly these shards (whenever free) instead of an even share of {@code totalShards}. */
		public Builder shards(Set<Integer> shards) {
			for (int id : shards) {
				if (id < 0 || (this.totalShards > 0 && id >= this.totalShards)) {
					throw new IllegalArgumentException("shard " + id + " is outside 0.." + (this.totalShards - 1));
				}
			}
			this.shards = Set.copyOf(shards);
			return this;
		}

		/** Lease lifetime; a dead instance's shards are taken over after at most this plus one renew interval. */
		public Builder leaseTtl(Duration ttl) {
			this.leaseTtl = ShardConfig.requirePositive(ttl, "leaseTtl");
			return this;
		}

		/** How often to heartbeat, renew and rebalance; must be less than a third of the TTL (default TTL/4). */
		public Builder renewInterval(Duration interval) {
			this.renewInterval = ShardConfig.requirePositive(interval, "renewInterval");
			return this;
		}

		/** Where claimed shards find the session to resume. */
		public Builder sessionStore(RedisSessionStore store) {
			this.sessionStore = store;
			return this;
		}

		/** Checkpoints owned shards' sessions (with the lease token) until they are stopped. */
		public Builder checkpointer(SessionCheckpointer checkpointer) {
			this.checkpointer = checkpointer;
			return this;
		}

		public Builder outagePolicy(OutagePolicy policy) {
			this.outagePolicy = Objects.requireNonNull(policy, "policy");
			return this;
		}

		/**
		 * How long handing a shard over may take before its final checkpoint is written and its lease released
		 * anyway (default 30 s): stopping it, including waiting for its buffered dispatches to be delivered.
		 */
		public Builder releaseTimeout(Duration timeout) {
			this.releaseTimeout = ShardConfig.requirePositive(timeout, "releaseTimeout");
			return this;
		}

		/** How long an instance whose re-shard failed waits before it tries again (default 1 minute). */
		public Builder reshardRetryDelay(Duration delay) {
			this.reshardRetryDelay = ShardConfig.requirePositive(delay, "reshardRetryDelay");
			return this;
		}

		public ShardLeaseManager build() {
			return new ShardLeaseManager(this);
		}

		private static String defaultInstanceId() {
			String runtime = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[,\\s]", "_");
			return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

	}

}
