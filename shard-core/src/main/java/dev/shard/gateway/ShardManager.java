package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs many {@link Shard}s of one bot in one process, and is the way to their {@link #commands() commands}.
 * <p>
 * On {@link #start()} it resolves the shard count (configured, or {@code /gateway/bot}'s recommendation), seeds the
 * shared {@link IdentifyRateLimiter} with the session-start budget and {@code max_concurrency}, and starts the
 * selected shard ids in ascending order. Starting is paced by the limiter, not by the manager: the first shard of
 * every bucket connects at once, and each shard that gets its permit lets the next shard of its bucket connect, so
 * shards wait at most one window with an open socket and reach each bucket's queue in ascending order (see
 * <a href="https://discord.com/developers/docs/events/gateway#sharding-max-concurrency">max_concurrency</a>).
 * Nothing here holds a thread per shard: shards run on Reactor Netty's event loops.
 * <p>
 * {@link Builder#managedExternally() Managed externally}, it connects nothing by itself: an owner such as the
 * Redis lease manager starts and hands over single shards ({@link #startShard(int, SessionInfo)},
 * {@link #releaseShard(int)}), and the shared limiter paces their identifies.
 * <p>
 * {@link #reshard(int)} changes the shard count while the bot stays online: the new layout connects beside the
 * old one and takes over once ready, each event delivered once ({@link Builder#autoReshard(Duration)} starts it on
 * a 4011 or a grown recommendation).
 */
public final class ShardManager {

	private static final Logger logger = LoggerFactory.getLogger(ShardManager.class);

	private final ShardSelection selection;

	private final boolean managedExternally;

	private final GatewayResolver gateway;

	/** The current layout's shards (replaced at a re-shard's switch). */
	private volatile ShardSlots slots;

	private final GatewayCommands commands;

	/** Completes once {@link #start()} resolved the shard count and configuration. */
	private final Sinks.One<Boolean> resolved = Sinks.one();

	private final Sinks.Many<ShardLifecycleEvent> lifecycle = Sinks.many().multicast().directBestEffort();

	/** With {@link Builder#managedExternally()}: whether the owner handed each shard a saved session. */
	private final Map<Integer, SessionRestore> externalRestores = new ConcurrentHashMap<>();

	/** The session store's use, or {@code null} without a store. */
	private final StoredSessions stored;

	/** The application's sink of each shard, with the manager's own wrappers (checkpoints, member chunks). */
	private final IntFunction<ShardSink> baseSinks;

	private final Duration drainTimeout;

	/** The current layout's sinks, by shard id (replaced with the layout at a re-shard's switch). */
	private volatile Map<Integer, LayoutSink> layoutSinks = new ConcurrentHashMap<>();

	/** The re-shard under way, if any. */
	private final AtomicReference<Reshard> reshard = new AtomicReference<>();

	private final Sinks.Many<ReshardEvent> reshardEvents = Sinks.many().multicast().directBestEffort();

	private final Duration reshardTimeout;

	private final Duration reshardGuildWait;

	private final Duration reshardCheckInterval;

	private final boolean autoReshard;

	private final Scheduler reshardScheduler;

	private volatile Disposable reshardTriggers;

	/** Set by {@link #shutdown(ShutdownMode)}: a re-shard under way gives up. */
	private volatile boolean closing;

	private ShardManager(Builder b) {
		Scheduler scheduler = (b.scheduler != null) ? b.scheduler : Schedulers.parallel();
		JsonMapper mapper = (b.config.jsonMapper() != null) ? b.config.jsonMapper() : JsonMapper.builder().build();
		this.selection = b.selection;
		this.managedExternally = b.managedExternally;
		this.gateway = new GatewayResolver(b.config, b.totalShards, b.selection, b.discovery, b.limiter,
				b.identifyWindow, b.keepGatewayUrl, scheduler);
		this.commands = new GatewayCommands(this, mapper, b.memberRequestTimeout, scheduler);
		this.stored = (b.sessionStore != null)
				? new StoredSessions(b.sessionStore, b.checkpointInterval, b.checkpointEvery, b.sessionLockWait) : null;
		IntFunction<ShardSink> sinkFactory = b.sinkFactory;
		BiFunction<Integer, ShardSink, ShardSink> sinkDecorator = b.sinkDecorator;
		StoredSessions stored = this.stored;
		this.baseSinks = (id) -> {
			ShardSink sink = sinkFactory.apply(id);
			if (sinkDecorator != null) {
				sink = sinkDecorator.apply(id, sink);
			}
			if (stored != null) {
				sink = stored.wrap(id, sink);
			}
			return this.commands.tap(sink);
		};
		this.drainTimeout = b.drainTimeout;
		this.reshardTimeout = b.reshardTimeout;
		this.reshardGuildWait = b.reshardGuildWait;
		this.reshardCheckInterval = b.reshardCheckInterval;
		this.autoReshard = b.autoReshard;
		this.reshardScheduler = scheduler;
		this.slots = new ShardSlots(this::layoutSink, this::emit, b.drainTimeout);
	}

	/** A shard's sink in the current layout; marked outgoing if a re-shard is replacing that layout. */
	private ShardSink layoutSink(int shardId) {
		LayoutSink sink = new LayoutSink(this.baseSinks.apply(shardId));
		Reshard running = this.reshard.get();
		if (running != null) {
			sink.outgoing(running);
		}
		this.layoutSinks.put(shardId, sink);
		return sink;
	}

	/**
	 * A builder.
	 * @param config the configuration every shard starts from (its gateway URL and {@code maxConcurrency} are
	 * replaced by {@code /gateway/bot}'s when discovery is used)
	 * @return the builder
	 */
	public static Builder builder(ShardConfig config) {
		return new Builder(config);
	}

	/**
	 * {@code (guild_id >> 22) % totalShards}, with {@code guildId} read as an unsigned snowflake (see
	 * <a href="https://discord.com/developers/docs/events/gateway#sharding-sharding-formula">Sharding Formula</a>).
	 */
	public static int shardFor(long guildId, int totalShards) {
		if (totalShards < 1) {
			throw new IllegalArgumentException("totalShards must be at least 1");
		}
		return (int) ((guildId >>> 22) % totalShards);
	}

	// ---- lifecycle ----------------------------------------------------------------------------------------

	/**
	 * Resolves the shard count and gateway, then starts the selected shards in ascending id order. Completes once
	 * every shard has got its identify permit (or resumed, or stopped for good); {@link #states()} shows when they
	 * are {@link ShardState#CONNECTED}. Discovery is retried without limit while {@code /gateway/bot} cannot be
	 * reached ({@link #discoveryStatus()} says why); errors if the token is rejected ({@link TokenRejectedException})
	 * or the selection does not fit the shard count. A {@link #shutdown} meanwhile ends it empty.
	 * @return completion of the start-up
	 */
	public Mono<Void> start() {
		return this.gateway.resolve().flatMap((resolution) -> {
			if (this.managedExternally) {
				logger.info("Shard manager ready for {} shard(s), max_concurrency {}; shards are started by their "
						+ "owner (e.g. leases)", resolution.totalShards(), resolution.shardConfig().maxConcurrency());
				this.resolved.tryEmitValue(true);
				return Mono.<Void>empty();
			}
			logger.info("Starting {} of {} shard(s) ({}), max_concurrency {}", resolution.shardIds().size(),
					resolution.totalShards(), this.selection, resolution.shardConfig().maxConcurrency());
			startReshardTriggers();
			return this.slots.launchAll(resolution, (id) -> (this.stored != null)
					? this.stored.restore(id, resolution.totalShards(), resolution.shardConfig(), this::sessionOf)
					: Mono.just(Optional.empty()));
		}).doOnError((ex) -> this.resolved.tryEmitError(ex));
	}

	/**
	 * Completes once {@link #start()} has resolved the shard count and gateway (at once if it already has); errors
	 * if that failed. An external owner ({@link Builder#managedExternally()}) starts shards after it.
	 * @return completion of the resolution
	 */
	public Mono<Void> resolved() {
		return this.resolved.asMono().then();
	}

	/**
	 * Where discovery stands: {@link DiscoveryStatus.State#RETRYING} (with the last error and the next attempt)
	 * while {@code /gateway/bot} cannot be reached at start-up; {@link DiscoveryStatus#NOT_USED} without discovery.
	 * @return the status
	 */
	public DiscoveryStatus discoveryStatus() {
		return this.gateway.status();
	}

	private synchronized void emit(ShardLifecycleEvent event) {
		this.lifecycle.tryEmitNext(event);
	}

	/**
	 * Start one shard of this process (again) if it is not running. The first connection resumes the last session
	 * of that shard if it was stopped resumably.
	 * @param shardId the shard
	 * @return completes when it passed its identify gate
	 */
	public Mono<Void> startShard(int shardId) {
		return startShard(shardId, null);
	}

	/**
	 * Start one shard, resuming {@code resumeFrom} when given (e.g. a session saved by the previous owner in another
	 * process). With {@link Builder#managedExternally()} any id below the shard count may be started, once
	 * {@link #start()} has resolved it (this waits for that); otherwise only ids of the selection. Does nothing if
	 * the shard is already running.
	 * @param shardId the shard
	 * @param resumeFrom the session to resume, or {@code null} to resume only a session this manager stopped
	 * resumably itself (else identify)
	 * @return completes when it passed its identify gate (READY, RESUMED, or stopped)
	 */
	public Mono<Void> startShard(int shardId, SessionInfo resumeFrom) {
		Mono<Void> ready = this.managedExternally ? resolved() : Mono.empty();
		return ready.then(Mono.defer(() -> {
			ShardSlots.Slot slot = this.managedExternally ? externalSlot(shardId) : slot(shardId);
			SessionInfo session = (resumeFrom != null) ? resumeFrom : slot.resumableSession().orElse(null);
			if (this.managedExternally) {
				// the owner (e.g. the Redis leases) loaded it from its store: say so, as a store of ours would
				Instant savedAt = (resumeFrom != null) ? resumeFrom.savedAt() : null;
				this.externalRestores.put(shardId, new SessionRestore("the shard's owner",
						(resumeFrom != null) ? SessionRestore.Outcome.RESTORED : SessionRestore.Outcome.NONE, savedAt,
						(savedAt != null) ? Duration.between(savedAt, Instant.now()) : null,
						(resumeFrom != null) ? null : "no saved session"));
			}
			slot.stopped(false);
			return this.slots.launch(slot, this.gateway.current(), session);
		}));
	}

	/**
	 * Hand a shard over: close it resumably ({@link ShutdownMode#RESUMABLE}, so another process can resume its
	 * session), wait until its buffer has delivered what it received (at most the
	 * {@link Builder#drainTimeout(Duration) drain timeout}) and, with {@link Builder#managedExternally()}, stop
	 * running it here (it leaves {@link #shardIds()}).
	 * @param shardId the shard
	 * @return the shard's session at the last sequence delivered, for the next owner (which replays what was not
	 * delivered); empty if it had none or is not run here
	 */
	public Mono<SessionInfo> releaseShard(int shardId) {
		return Mono.defer(() -> {
			ShardSlots.Slot slot = this.slots.get(shardId);
			return (slot != null) ? this.slots.release(slot, this.managedExternally) : Mono.<SessionInfo>empty();
		});
	}

	/**
	 * Stop one shard; {@link ShutdownMode#RESUMABLE} keeps its session so {@link #startShard} or
	 * {@link #restartShard} resumes it.
	 * @param shardId the shard
	 * @param mode how to close
	 * @return completes when it is closed
	 */
	public Mono<Void> stopShard(int shardId, ShutdownMode mode) {
		return Mono.defer(() -> {
			ShardSlots.Slot slot = slot(shardId);
			Shard shard = slot.shard();
			if (shard == null) {
				return Mono.empty();
			}
			slot.stopped(mode == ShutdownMode.RESUMABLE);
			return shard.shutdown(mode);
		});
	}

	/** Stop a shard resumably and start it again; the new connection resumes the session. */
	public Mono<Void> restartShard(int shardId) {
		return stopShard(shardId, ShutdownMode.RESUMABLE).then(startShard(shardId));
	}

	/**
	 * Shut every shard down, all at once, and complete when all are closed and their buffers delivered what they
	 * received (each waits at most the {@link Builder#drainTimeout(Duration) drain timeout}).
	 * @param mode {@link ShutdownMode#FINAL} ends the sessions; {@link ShutdownMode#RESUMABLE} keeps them (e.g. to
	 * resume them from a store after a restart)
	 * @return completion
	 */
	public Mono<Void> shutdown(ShutdownMode mode) {
		return Mono.defer(() -> {
			this.closing = true;
			this.gateway.stop();
			Disposable triggers = this.reshardTriggers;
			if (triggers != null) {
				triggers.dispose();
			}
			Reshard running = this.reshard.get();
			if (running != null && running.next != null) {
				running.next.shutdown(ShutdownMode.FINAL).subscribe(); // the layout that never took over
			}
			Mono<Void> closing = this.slots.shutdown(mode);
			if (this.stored != null) {
				// after the drain: the final checkpoint is at the last sequence the listeners were handed
				closing = closing.then(this.stored.close(mode, this::sessionOf));
			}
			return closing.doFinally((signal) -> {
				this.slots.stopForwardingEvents();
				this.lifecycle.tryEmitComplete();
			});
		});
	}

	/** {@code shutdown(ShutdownMode.FINAL)}. */
	public Mono<Void> shutdown() {
		return shutdown(ShutdownMode.FINAL);
	}

	// ---- re-sharding ------------------------------------------------------------------------------------------

	/**
	 * Grow (or shrink) the bot to {@code totalShards} shards while it stays online
	 * (<a href="https://discord.com/developers/docs/events/gateway#sharding">Sharding</a>): the new layout's shards
	 * identify beside the old ones, at the identify limiter's pace; when every new shard is READY and the guilds
	 * its READY announced have arrived (or {@link Builder#reshardGuildWait(Duration)} has passed), the new layout
	 * takes over and the old one is closed with 1000. Until the switch the old layout delivers; after it, the new
	 * one, and each event reaches the sink once (the rule is in {@link LayoutSink}: what the new layout received
	 * before the switch is matched against what the old one delivered). The new sessions' READY and their initial
	 * GUILD_CREATEs are not delivered (the sink knows those guilds from the old layout); their lifecycle events are.
	 * <p>
	 * Refused ({@link ReshardException}) before it begins if the shard count is the same, a re-shard is already under
	 * way, this process runs only some shards ({@link Builder#shards(ShardSelection)} other than all), or the
	 * session-start budget cannot cover the new shards. {@link Builder#managedExternally() Managed externally}, each
	 * process re-shards the shards it runs: the new count must be a multiple of the old, and the process runs the new
	 * shards {@code j} whose {@code j % old} it runs now, since those hold exactly its guilds; the processes switch
	 * independently, and the owner (e.g. the leases) learns the new ids from {@link #shardIds()}. If a new shard stops fatally or the new
	 * layout is not ready within {@link Builder#reshardTimeout(Duration)}, the re-shard is given up: the new shards
	 * are closed and the old layout runs on. {@link #reshards()} reports each step.
	 * @param totalShards the new shard count
	 * @return completes when the new layout has taken over; errors if refused or given up
	 */
	public Mono<Void> reshard(int totalShards) {
		return reshard(totalShards, "requested");
	}

	/**
	 * {@link #reshard(int)}, saying why (the {@link ReshardEvent.Started} event and the logs carry it).
	 * @param totalShards the new shard count
	 * @param cause why, e.g. who asked
	 * @return completes when the new layout has taken over; errors if refused or given up
	 */
	public Mono<Void> reshard(int totalShards, String cause) {
		return Mono.defer(() -> {
			GatewayResolver.Resolution current = this.gateway.current();
			String refused = refusal(current, totalShards);
			if (refused != null) {
				return Mono.error(new ReshardException("Cannot re-shard to " + totalShards + ": " + refused));
			}
			GatewayResolver.Resolution next = this.managedExternally
					? this.gateway.resharded(totalShards, childrenOfLocalShards(current.totalShards(), totalShards))
					: this.gateway.resharded(totalShards);
			Reshard r = new Reshard(current.totalShards(), totalShards, cause, Reshard.WINDOW);
			if (!this.reshard.compareAndSet(null, r)) {
				return Mono.error(new ReshardException("Cannot re-shard to " + totalShards
						+ ": a re-shard is already under way"));
			}
			logger.info("Re-sharding from {} to {} shard(s) ({}): the new layout connects beside the old one",
					r.from, r.to, cause);
			emitReshard(new ReshardEvent.Started(r.from, r.to, cause));
			this.layoutSinks.values().forEach((sink) -> sink.outgoing(r));
			Map<Integer, LayoutSink> incoming = new ConcurrentHashMap<>();
			r.next = new ShardSlots((id) -> {
				if (r.isSwitched()) {
					return layoutSink(id); // a shard of the new layout restarted after the switch
				}
				LayoutSink sink = LayoutSink.incoming(this.baseSinks.apply(id), r);
				incoming.put(id, sink);
				return sink;
			}, this::emit, this.drainTimeout);
			return r.next.launchAll(next, (id) -> Mono.just(Optional.empty()))
				.then(awaitNewLayout(r, incoming, next.shardIds().size()))
				.timeout(this.reshardTimeout, Mono.error(() -> new ReshardException("the new layout was not ready "
						+ "within " + this.reshardTimeout)))
				.then(Mono.defer(() -> switchTo(r, next, incoming)))
				.onErrorResume((ex) -> giveUp(r, incoming, ex));
		});
	}

	private String refusal(GatewayResolver.Resolution current, int totalShards) {
		if (current == null) {
			return "the shard manager has not been started";
		}
		if (totalShards < 1) {
			return "the shard count must be at least 1";
		}
		if (totalShards == current.totalShards()) {
			return "the bot already runs " + totalShards + " shard(s)";
		}
		int needed;
		if (this.managedExternally) {
			// each process re-shards the shards it runs: a guild's new shard must be in the process of its old one
			if (totalShards % current.totalShards() != 0) {
				return "with externally managed shards (e.g. leases) the new count must be a multiple of "
						+ current.totalShards() + ", so that each guild's old and new shard run in the same process";
			}
			if (this.slots.size() == 0) {
				return "this process runs no shard";
			}
			needed = childrenOfLocalShards(current.totalShards(), totalShards).size();
		}
		else if (!this.selection.isAll()) {
			return "this process runs only shards " + this.selection + "; a re-shard needs a process that runs all";
		}
		else {
			needed = this.selection.resolve(totalShards).length;
		}
		Optional<SessionStartLimit> budget = current.limiter().sessionStartLimit();
		if (budget.isPresent() && budget.get().remaining() < needed) {
			return "it needs " + needed + " session start(s) and only " + budget.get().remaining()
					+ " are left until the budget resets in " + budget.get().resetAfter();
		}
		return null;
	}

	/**
	 * The new layout's shards whose guilds all belong to a shard this process runs now: {@code j} with
	 * {@code j % from} run here (the new count is a multiple of the old, so {@code (id >> 22) % to == j} implies
	 * {@code (id >> 22) % from == j % from}).
	 */
	private List<Integer> childrenOfLocalShards(int from, int to) {
		List<Integer> ids = new ArrayList<>();
		for (int j = 0; j < to; j++) {
			if (this.slots.get(j % from) != null) {
				ids.add(j);
			}
		}
		return ids;
	}

	/** Completes when every new shard is ready with its guilds (or connected and the guild wait passed). */
	private Mono<Void> awaitNewLayout(Reshard r, Map<Integer, LayoutSink> incoming, int total) {
		AtomicInteger reported = new AtomicInteger(-1);
		long[] connectedSince = { 0 };
		return Flux.interval(Duration.ZERO, Duration.ofMillis(50), this.reshardScheduler)
			.onBackpressureDrop()
			.concatMap((tick) -> {
				if (this.closing) {
					return Mono.<Boolean>error(new ReshardException("the shard manager is shutting down"));
				}
				List<Shard> shards = r.next.shards();
				for (Shard shard : shards) {
					if (shard.state() == ShardState.FATALLY_CLOSED) {
						return Mono.<Boolean>error(new ReshardException("new shard " + shard.shardId() + "/" + r.to
								+ " stopped: " + shard.failure().map(Throwable::getMessage).orElse("fatally closed")));
					}
				}
				long connected = shards.stream().filter((s) -> s.state() == ShardState.CONNECTED).count();
				long ready = shards.stream()
					.filter((s) -> s.state() == ShardState.CONNECTED && incoming.get(s.shardId()) != null
							&& incoming.get(s.shardId()).guildsLoaded())
					.count();
				if (reported.getAndSet((int) ready) != ready) {
					emitReshard(new ReshardEvent.Progress(r.from, r.to, (int) ready, total));
				}
				if (ready == total) {
					return Mono.just(true);
				}
				if (connected == total) {
					long now = System.nanoTime();
					if (connectedSince[0] == 0) {
						connectedSince[0] = now;
					}
					else if (now - connectedSince[0] > this.reshardGuildWait.toNanos()) {
						logger.warn("Re-shard to {}: not every guild announced in READY arrived within {}; switching "
								+ "anyway (the missing ones arrive as GUILD_CREATE once available)", r.to,
								this.reshardGuildWait);
						return Mono.just(true);
					}
				}
				return Mono.<Boolean>empty();
			})
			.next()
			.then();
	}

	/** The switch: the new layout delivers from now on, the old one is closed with 1000. */
	private Mono<Void> switchTo(Reshard r, GatewayResolver.Resolution next, Map<Integer, LayoutSink> incoming) {
		long now = System.nanoTime();
		r.switchAt(now);
		Map<Integer, LayoutSink> outgoing = this.layoutSinks;
		outgoing.values().forEach((sink) -> sink.cutOff(now));
		ShardSlots old = this.slots;
		this.slots = r.next;
		this.layoutSinks = incoming;
		this.gateway.switchTo(next);
		// the old layout first delivers what it received before the switch; then the new one what the old did not
		return old.shutdown(ShutdownMode.FINAL).then(Mono.fromCallable(() -> {
			old.stopForwardingEvents();
			DispatchFingerprint.Multiset delivered = r.deliveredBeforeSwitch();
			long handedOver = 0;
			for (int id : next.shardIds()) {
				LayoutSink sink = incoming.get(id);
				if (sink != null) {
					handedOver += sink.takeOver(delivered, r.oldestHeld(), r.lateUntil());
				}
			}
			return handedOver;
		})).flatMap((handedOver) -> {
			Mono<Void> rebind = (this.stored != null)
					? this.stored.rebind(r.from, next.shardIds(), next.totalShards(), this::sessionOf) : Mono.empty();
			return rebind.then(Mono.fromRunnable(() -> {
				this.reshard.set(null);
				Duration took = Duration.ofNanos(now - r.startedNanos);
				logger.info("Re-sharded from {} to {} shard(s) in {} ms: the new layout took over ({} dispatch(es) "
						+ "received by it first, {} dropped by the old layout after the switch)", r.from, r.to,
						took.toMillis(), handedOver, r.dropped());
				emitReshard(new ReshardEvent.Switched(r.from, r.to, took, handedOver));
			}));
		});
	}

	private Mono<Void> giveUp(Reshard r, Map<Integer, LayoutSink> incoming, Throwable ex) {
		String reason = (ex instanceof ReshardException) ? ex.getMessage() : ex.toString();
		logger.error("Re-shard from {} to {} shard(s) given up: {}; the {} shard(s) run on", r.from, r.to, reason,
				r.from);
		this.layoutSinks.values().forEach(LayoutSink::abandon);
		incoming.values().forEach(LayoutSink::discard);
		Mono<Void> closing = (r.next != null) ? r.next.shutdown(ShutdownMode.FINAL) : Mono.empty();
		return closing.onErrorResume((e) -> Mono.empty()).then(Mono.defer(() -> {
			if (r.next != null) {
				r.next.stopForwardingEvents();
			}
			this.reshard.set(null);
			emitReshard(new ReshardEvent.Failed(r.from, r.to, reason));
			return Mono.error((ex instanceof ReshardException) ? ex : new ReshardException(reason, ex));
		}));
	}

	private synchronized void emitReshard(ReshardEvent event) {
		this.reshardEvents.tryEmitNext(event);
	}

	/** Re-shard steps: started, progress, switched, failed (hot; best effort). */
	public Flux<ReshardEvent> reshards() {
		return this.reshardEvents.asFlux();
	}

	/** Whether a re-shard is under way. */
	public boolean isResharding() {
		return this.reshard.get() != null;
	}

	/**
	 * With {@link Builder#autoReshard(Duration)}: a shard closed with 4011 (sharding required) starts a re-shard at
	 * once, and {@code /gateway/bot} is asked every interval whether it recommends more shards than run now.
	 */
	private void startReshardTriggers() {
		if (!this.autoReshard || this.managedExternally) {
			return;
		}
		Flux<String> required = this.lifecycle.asFlux()
			.filter((event) -> event instanceof ShardLifecycleEvent.FatallyClosed closed
					&& closed.closeCode() == CloseCode.SHARDING_REQUIRED.code())
			.map((event) -> "close code 4011 on shard " + event.shardId());
		Flux<String> recommended = (this.reshardCheckInterval != null && !this.gateway.totalFixed())
				? Flux.interval(this.reshardCheckInterval, this.reshardCheckInterval, this.reshardScheduler)
					.onBackpressureDrop()
					.map((tick) -> "recommended")
				: Flux.empty();
		this.reshardTriggers = Flux.merge(required, recommended)
			.filter((cause) -> !isResharding())
			.concatMap((cause) -> target(cause).flatMap((total) -> reshard(total, cause))
				.onErrorResume((ex) -> {
					if (!isResharding()) {
						logger.warn("Re-shard ({}) did not happen: {}", cause, ex.getMessage());
					}
					return Mono.empty();
				}), 1)
			.subscribe();
	}

	/**
	 * The shard count {@code /gateway/bot} recommends now (one request), for an owner that decides re-shards itself
	 * (e.g. the Redis leases); empty without discovery (a configured gateway URL).
	 * @return the recommendation
	 */
	public Mono<Integer> recommendedShards() {
		return this.gateway.recommendedShards();
	}

	/**
	 * {@link Builder#managedExternally() Managed externally}: take a shard count the owner learned elsewhere (e.g.
	 * the layout the other processes re-sharded to while this one was not running) while this process runs no
	 * shard. Shards started after it belong to that layout.
	 * @param totalShards the bot's shard count
	 * @throws IllegalStateException if not managed externally, not started, or shards run here
	 */
	public synchronized void adoptShardCount(int totalShards) {
		if (totalShards < 1) {
			throw new IllegalArgumentException("totalShards must be at least 1");
		}
		GatewayResolver.Resolution current = this.gateway.current();
		if (!this.managedExternally || current == null || this.slots.size() > 0 || isResharding()) {
			throw new IllegalStateException("Only an externally managed, started shard manager that runs no shard "
					+ "can take another shard count");
		}
		if (current.totalShards() != totalShards) {
			logger.info("Shard count {} adopted from the shards' owner (was {})", totalShards, current.totalShards());
			this.gateway.switchTo(this.gateway.resharded(totalShards, List.of()));
		}
	}

	/** The count to re-shard to: the recommendation if it is more than now; after a 4011 at least twice now. */
	private Mono<Integer> target(String cause) {
		int now = totalShards();
		boolean required = !cause.equals("recommended");
		return this.gateway.recommendedShards()
			.onErrorResume((ex) -> {
				logger.warn("Could not ask /gateway/bot for the recommended shard count: {}", ex.getMessage());
				return Mono.empty();
			})
			.filter((recommended) -> recommended > now || required)
			.map((recommended) -> (recommended > now) ? recommended : now * 2)
			.switchIfEmpty(required ? Mono.just(now * 2) : Mono.empty())
			.doOnNext((total) -> {
				if (required && this.gateway.totalFixed()) {
					logger.warn("Discord requires more shards (4011) than discord.gateway.shards.total allows; "
							+ "re-sharding to {} (raise the configured count to keep it after a restart)", total);
				}
			});
	}

	// ---- state ----------------------------------------------------------------------------------------------

	/** The shard count of the bot (0 before {@link #start()} resolved it). */
	public int totalShards() {
		GatewayResolver.Resolution resolution = this.gateway.current();
		return (resolution != null) ? resolution.totalShards() : 0;
	}

	/** The shard ids this process runs, ascending. */
	public Set<Integer> shardIds() {
		return Collections.unmodifiableSet(this.slots.ids());
	}

	/** The current shard object of an id this process runs. */
	public Optional<Shard> shard(int shardId) {
		ShardSlots.Slot slot = this.slots.get(shardId);
		return Optional.ofNullable((slot != null) ? slot.shard() : null);
	}

	/** The current shards, ascending by id. */
	public List<Shard> shards() {
		return this.slots.shards();
	}

	/** How many of this process's shards are in each state (every state present, possibly 0). */
	public Map<ShardState, Integer> states() {
		return this.slots.states();
	}

	/** Each shard's state, by id. */
	public Map<Integer, ShardState> stateByShard() {
		return this.slots.stateByShard();
	}

	/**
	 * What the start of a shard found in the {@link Builder#sessionStore(SessionStore) session store}: whether it
	 * was started from a stored session, how old that was, or why it identified instead.
	 * @param shardId the shard
	 * With {@link Builder#managedExternally()}, whether its owner (e.g. the Redis leases) handed it a saved session.
	 * @return what was found; empty without a store, or before the shard started
	 */
	public Optional<SessionRestore> sessionRestore(int shardId) {
		return (this.stored != null) ? this.stored.restore(shardId)
				: Optional.ofNullable(this.externalRestores.get(shardId));
	}

	/** The session store, if one is configured. */
	public Optional<SessionStore> sessionStore() {
		return Optional.ofNullable((this.stored != null) ? this.stored.store() : null);
	}

	/** The checkpointer writing to the session store (its counts are metrics), if one is configured. */
	public Optional<SessionCheckpointer> sessionCheckpointer() {
		return Optional.ofNullable((this.stored != null) ? this.stored.checkpointer() : null);
	}

	private Optional<SessionInfo> sessionOf(int shardId) {
		return shard(shardId).flatMap(Shard::session);
	}

	/** The shared identify limiter (after {@link #start()}). */
	public IdentifyRateLimiter identifyLimiter() {
		GatewayResolver.Resolution resolution = this.gateway.current();
		return (resolution != null) ? resolution.limiter() : null;
	}

	/** Lifecycle events of all shards (hot; best effort). */
	public Flux<ShardLifecycleEvent> lifecycle() {
		return this.lifecycle.asFlux();
	}

	/** The shard id that owns a guild, of the bot's total. */
	public int shardFor(long guildId) {
		return shardFor(guildId, requireStarted());
	}

	/** The gateway commands (presence, voice state, member requests, ...), each sent on the shard it concerns. */
	public GatewayCommands commands() {
		return this.commands;
	}

	// ---- routing (for the commands) ---------------------------------------------------------------------------

	/** The running shard that owns a guild; throws if this process does not run it. */
	Shard owner(long guildId) {
		int shardId = shardFor(guildId, requireStarted());
		if (this.slots.get(shardId) == null) {
			throw new GatewayException("Guild " + Long.toUnsignedString(guildId) + " belongs to shard " + shardId
					+ ", which this process does not run (it runs " + (this.managedExternally
							? "the shards its owner started: " + this.slots.ids() : this.selection) + ")");
		}
		return running(shardId);
	}

	/** A shard of this process that is running; throws if it is not. */
	Shard running(int shardId) {
		Shard shard = slot(shardId).shard();
		if (shard == null || shard.state().isTerminal()) {
			throw new GatewayException("Shard " + shardId + " is not running");
		}
		return shard;
	}

	int requireStarted() {
		int total = totalShards();
		if (total < 1) {
			throw new IllegalStateException("The shard manager has not been started");
		}
		return total;
	}

	private ShardSlots.Slot slot(int shardId) {
		ShardSlots.Slot slot = this.slots.get(shardId);
		if (slot == null) {
			throw new IllegalArgumentException("This process does not run shard " + shardId + " (it runs "
					+ this.selection + " of " + totalShards() + ")");
		}
		return slot;
	}

	private ShardSlots.Slot externalSlot(int shardId) {
		int total = totalShards();
		if (shardId < 0 || shardId >= total) {
			throw new IllegalArgumentException("Shard " + shardId + " is outside 0.." + (total - 1));
		}
		return this.slots.getOrCreate(shardId);
	}

	@Override
	public String toString() {
		return "ShardManager[total=" + totalShards() + ", selection=" + this.selection + ", running="
				+ this.slots.size() + "]";
	}

	/** Builder of {@link ShardManager}. */
	public static final class Builder {

		private final ShardConfig config;

		private Integer totalShards;

		private ShardSelection selection = ShardSelection.all();

		private GatewayDiscovery discovery;

		private IdentifyRateLimiter limiter;

		private Duration identifyWindow = InMemoryIdentifyRateLimiter.DEFAULT_WINDOW;

		private IntFunction<ShardSink> sinkFactory;

		private BiFunction<Integer, ShardSink, ShardSink> sinkDecorator;

		private Duration memberRequestTimeout = Duration.ofSeconds(30);

		private Scheduler scheduler;

		private boolean managedExternally;

		private boolean keepGatewayUrl;

		private Duration drainTimeout = Duration.ofSeconds(30);

		private SessionStore sessionStore;

		private Duration checkpointInterval = Duration.ofSeconds(5);

		private int checkpointEvery = 1000;

		private Duration sessionLockWait = Duration.ofMinutes(1);

		private Duration reshardTimeout = Duration.ofMinutes(10);

		private Duration reshardGuildWait = Duration.ofMinutes(1);

		private boolean autoReshard;

		private Duration reshardCheckInterval;

		private Builder(ShardConfig config) {
			this.config = Objects.requireNonNull(config, "config");
		}

		/** A fixed shard count. Without it {@code /gateway/bot}'s recommendation is used. */
		public Builder totalShards(int totalShards) {
			if (totalShards < 1) {
				throw new IllegalArgumentException("totalShards must be at least 1, was " + totalShards);
			}
			this.totalShards = totalShards;
			return this;
		}

		/** Whether a fixed shard count was set (else {@code /gateway/bot} decides). */
		public boolean hasTotalShards() {
			return this.totalShards != null;
		}

		/** Which shard ids this process runs (default all). */
		public Builder shards(ShardSelection selection) {
			this.selection = Objects.requireNonNull(selection, "selection");
			return this;
		}

		/**
		 * Where the shard count, gateway URL, budget and {@code max_concurrency} come from. {@link ShardManager#start()}
		 * asks {@code /gateway/bot} until it answers (only a 401 fails it; {@link ShardManager#discoveryStatus()}
		 * shows the failures meanwhile), and asks again each time the session-start budget resets.
		 */
		public Builder discovery(GatewayDiscovery discovery) {
			this.discovery = discovery;
			return this;
		}

		/**
		 * Keep the configuration's gateway URL: discovery then only gives the shard count (unless fixed), the budget
		 * and {@code max_concurrency}.
		 */
		public Builder keepGatewayUrl() {
			this.keepGatewayUrl = true;
			return this;
		}

		/** A shared (e.g. cluster-wide) limiter; by default an {@link InMemoryIdentifyRateLimiter}. */
		public Builder identifyLimiter(IdentifyRateLimiter limiter) {
			this.limiter = limiter;
			return this;
		}

		/** The identify window of the default limiter (5 s; shorter only against a simulator). */
		public Builder identifyWindow(Duration window) {
			this.identifyWindow = Objects.requireNonNull(window, "window");
			return this;
		}

		/** One sink per shard. */
		public Builder sinkFactory(IntFunction<ShardSink> sinkFactory) {
			this.sinkFactory = Objects.requireNonNull(sinkFactory, "sinkFactory");
			return this;
		}

		/** One sink shared by all shards (it is called concurrently from different shards). */
		public Builder sink(ShardSink sink) {
			Objects.requireNonNull(sink, "sink");
			this.sinkFactory = (id) -> sink;
			return this;
		}

		/**
		 * Wrap each shard's sink when the shard is (re)created, e.g. to count dispatches for session checkpoints.
		 * Decorators compose: a later one wraps the result of an earlier one.
		 */
		public Builder sinkDecorator(BiFunction<Integer, ShardSink, ShardSink> decorator) {
			Objects.requireNonNull(decorator, "decorator");
			BiFunction<Integer, ShardSink, ShardSink> previous = this.sinkDecorator;
			this.sinkDecorator = (previous != null) ? (id, sink) -> decorator.apply(id, previous.apply(id, sink))
					: decorator;
			return this;
		}

		/** How long {@link GatewayCommands#requestGuildMembers(GuildMembersRequest)} waits (default 30 s). */
		public Builder memberRequestTimeout(Duration timeout) {
			this.memberRequestTimeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		/** The timer of member request timeouts (virtual time in tests). */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		/**
		 * Let an external owner decide which shards run here, e.g. leases shared by several processes:
		 * {@link ShardManager#start()} then only resolves the shard count and gateway and connects nothing;
		 * shards are run by {@link ShardManager#startShard(int, SessionInfo)} and handed over by
		 * {@link ShardManager#releaseShard(int)}. The {@link #shards(ShardSelection) selection} is not used.
		 */
		public Builder managedExternally() {
			this.managedExternally = true;
			return this;
		}

		/**
		 * How long a graceful stop ({@link ShardManager#releaseShard}, {@link ShardManager#shutdown}) waits for a
		 * shard's buffered dispatches to be delivered (default 30 s). After it, the session is handed over at the
		 * last delivered sequence and the next owner replays the rest.
		 */
		public Builder drainTimeout(Duration timeout) {
			Objects.requireNonNull(timeout, "timeout");
			if (timeout.isNegative()) {
				throw new IllegalArgumentException("drainTimeout must not be negative");
			}
			this.drainTimeout = timeout;
			return this;
		}

		/**
		 * Keep the shards' sessions in a store, so that the next start of this process (or the next process of a
		 * rolling deploy) resumes them instead of identifying. Before a shard starts, its lock is taken (waiting at
		 * most {@link #sessionLockWait(Duration)} for another process to release it) and its stored session loaded;
		 * it is resumed only if it has this shard's id, shard count and intents and is younger than
		 * {@link ShardConfig#sessionResumeWindow()}, otherwise the shard identifies and the log says why. While it
		 * runs, its session is checkpointed in the background ({@link #sessionCheckpoints(Duration, int)}); on
		 * {@link ShardManager#shutdown(ShutdownMode)} it is saved at the last delivered sequence (resumable) or
		 * deleted (final). Not with {@link #managedExternally()}: an external owner keeps the sessions itself.
		 * @param store the store
		 * @return this builder
		 */
		public Builder sessionStore(SessionStore store) {
			this.sessionStore = Objects.requireNonNull(store, "store");
			return this;
		}

		/**
		 * How often a changed session is checkpointed, and after how many dispatches of a shard at the latest
		 * (default 5 s and 1000). A crash replays what was delivered after the last checkpoint.
		 */
		public Builder sessionCheckpoints(Duration interval, int everyEvents) {
			this.checkpointInterval = ShardConfig.requirePositive(interval, "interval");
			if (everyEvents < 1) {
				throw new IllegalArgumentException("everyEvents must be at least 1, was " + everyEvents);
			}
			this.checkpointEvery = everyEvents;
			return this;
		}

		/**
		 * How long a shard waits at start for another process to release its session lock (default 1 minute); after
		 * it, the shard identifies a new session.
		 */
		public Builder sessionLockWait(Duration wait) {
			Objects.requireNonNull(wait, "wait");
			if (wait.isNegative()) {
				throw new IllegalArgumentException("sessionLockWait must not be negative");
			}
			this.sessionLockWait = wait;
			return this;
		}

		/**
		 * Re-shard by itself: at once when a shard is closed with 4011 (sharding required), to the recommended count
		 * or at least twice the current one; and, unless the shard count is fixed, whenever {@code /gateway/bot},
		 * asked every {@code checkInterval}, recommends more shards than run now. See {@link ShardManager#reshard}.
		 * @param checkInterval how often to ask {@code /gateway/bot}, or {@code null} to react to 4011 only
		 * @return this builder
		 */
		public Builder autoReshard(Duration checkInterval) {
			if (checkInterval != null) {
				ShardConfig.requirePositive(checkInterval, "checkInterval");
			}
			this.autoReshard = true;
			this.reshardCheckInterval = checkInterval;
			return this;
		}

		/** How long a re-shard may take until the new layout is ready before it is given up (default 10 minutes). */
		public Builder reshardTimeout(Duration timeout) {
			this.reshardTimeout = ShardConfig.requirePositive(timeout, "timeout");
			return this;
		}

		/**
		 * How long a re-shard waits, once every new shard is READY, for the guilds their READY announced (default 1
		 * minute); unavailable guilds may take longer, and arrive later as GUILD_CREATE.
		 */
		public Builder reshardGuildWait(Duration wait) {
			this.reshardGuildWait = ShardConfig.requirePositive(wait, "wait");
			return this;
		}

		public ShardManager build() {
			if (this.sinkFactory == null) {
				throw new IllegalStateException("A sink or sinkFactory is required");
			}
			if (this.sessionStore != null && this.managedExternally) {
				throw new IllegalStateException("A session store is not used with managedExternally(): the external "
						+ "owner (e.g. the Redis leases) loads and saves the sessions itself");
			}
			return new ShardManager(this);
		}

	}

}
