package dev.shard.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * Runs many {@link Shard}s of one bot in one process (the reference design calls it a cluster).
 * <p>
 * On {@link #start()} it resolves the shard count (configured, or {@code /gateway/bot}'s recommendation), seeds the
 * shared {@link IdentifyRateLimiter} with the session-start budget and {@code max_concurrency}, and starts the
 * selected shard ids in ascending order. Starting is paced by the limiter, not by the manager: the first shard of
 * every bucket connects at once, and each shard that gets its permit lets the next shard of its bucket connect, so
 * shards wait at most one window with an open socket and reach each bucket's queue in ascending order. Nothing here holds a thread per shard: shards run on Reactor Netty's event loops.
 * <p>
 * {@link Builder#managedExternally() Managed externally}, it connects nothing by itself: an owner such as the
 * Redis lease manager starts and hands over single shards ({@link #startShard(int, SessionInfo)},
 * {@link #releaseShard(int)}), and the shared limiter paces their identifies.
 * <p>
 * Commands are routed to the shard that owns a guild ({@code (guild_id >> 22) % total}). The manager wraps each
 * shard's sink to see GUILD_MEMBERS_CHUNK and RATE_LIMITED (and only those are parsed) so that
 * {@link #requestGuildMembers} can answer with the assembled members.
 */
public final class ShardManager {

	private static final Logger logger = LoggerFactory.getLogger(ShardManager.class);

	/** The least wait before asking {@code /gateway/bot} again for the budget (a {@code reset_after} of 0). */
	private static final Duration MIN_BUDGET_REFRESH = Duration.ofSeconds(1);

	private final ShardConfig config;

	private final Integer configuredTotal;

	private final ShardSelection selection;

	private final GatewayDiscovery discovery;

	private final IdentifyRateLimiter givenLimiter;

	private final Duration identifyWindow;

	private final IntFunction<ShardSink> sinkFactory;

	private final BiFunction<Integer, ShardSink, ShardSink> sinkDecorator;

	private final Duration memberRequestTimeout;

	private final Scheduler scheduler;

	private final boolean managedExternally;

	private final Duration drainTimeout;

	private final GuildMemberCollector members;

	/** Completes once {@link #start()} resolved the shard count and configuration. */
	private final Sinks.One<Boolean> resolved = Sinks.one();

	private final NavigableMap<Integer, Handle> handles = new ConcurrentSkipListMap<>();

	/** Shards released here whose buffers are still delivering: a shard started again with its id waits for them. */
	private final Map<Integer, Shard> draining = new ConcurrentHashMap<>();

	private final Sinks.Many<ShardLifecycleEvent> lifecycle = Sinks.many().multicast().directBestEffort();

	private volatile ShardConfig shardConfig;

	private volatile IdentifyRateLimiter limiter;

	private volatile int totalShards;

	private volatile boolean shuttingDown;

	private volatile boolean resolving;

	private volatile DiscoveryStatus discoveryStatus = DiscoveryStatus.NOT_USED;

	private volatile Disposable budgetRefresh;

	private final boolean keepGatewayUrl;

	/** Emits on shutdown: ends discovery retries and the budget refresh. */
	private final Sinks.Empty<Void> stopped = Sinks.empty();

	private ShardManager(Builder b) {
		this.config = b.config;
		this.configuredTotal = b.totalShards;
		this.selection = b.selection;
		this.discovery = b.discovery;
		this.givenLimiter = b.limiter;
		this.identifyWindow = b.identifyWindow;
		this.sinkFactory = b.sinkFactory;
		this.sinkDecorator = b.sinkDecorator;
		this.memberRequestTimeout = b.memberRequestTimeout;
		this.scheduler = (b.scheduler != null) ? b.scheduler : Schedulers.parallel();
		this.managedExternally = b.managedExternally;
		this.keepGatewayUrl = b.keepGatewayUrl;
		this.drainTimeout = b.drainTimeout;
		JsonMapper mapper = (b.config.jsonMapper() != null) ? b.config.jsonMapper() : JsonMapper.builder().build();
		this.members = new GuildMemberCollector(mapper);
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

	/** {@code (guild_id >> 22) % totalShards}, with {@code guildId} read as an unsigned snowflake. */
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
		return resolve().flatMap((ids) -> {
			if (this.managedExternally) {
				logger.info("Shard manager ready for {} shard(s), max_concurrency {}; shards are started by their "
						+ "owner (e.g. leases)", this.totalShards, this.shardConfig.maxConcurrency());
				this.resolved.tryEmitValue(true);
				return Mono.<Void>empty();
			}
			int maxConcurrency = this.shardConfig.maxConcurrency();
			logger.info("Starting {} of {} shard(s) ({}), max_concurrency {}", ids.size(), this.totalShards,
					this.selection, maxConcurrency);
			for (int id : ids) {
				this.handles.put(id, new Handle(id));
			}
			// A shard connects once the previous shard of its bucket has its permit: each bucket's shards reach
			// the limiter in ascending order, one window ahead, whatever order their Hellos arrive in.
			Map<Integer, Handle> lastOfBucket = new java.util.HashMap<>();
			List<Mono<Void>> starts = new ArrayList<>(ids.size());
			for (int id : ids) {
				Handle handle = this.handles.get(id);
				Handle previous = lastOfBucket.put(id % maxConcurrency, handle);
				Mono<Void> after = (previous != null) ? previous.firstStart.asMono() : Mono.empty();
				starts.add(after.then(launch(handle, null)).doFinally((signal) -> handle.firstStart.tryEmitEmpty()));
			}
			return Flux.fromIterable(starts).flatMap((start) -> start, Math.max(1, starts.size())).then();
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

	private Mono<List<Integer>> resolve() {
		return Mono.defer(() -> {
			if (this.shardConfig != null || this.resolving) {
				return Mono.error(new IllegalStateException("The shard manager was already started"));
			}
			this.resolving = true;
			Mono<GatewayBot> bot = Mono.empty();
			if (this.discovery != null) {
				this.discoveryStatus = new DiscoveryStatus(DiscoveryStatus.State.PENDING, 0, null, null, null);
				// Without limit: an API outage at start-up must not leave the process running with no shard. Only a
				// rejected token (401) ends it; health shows each failure meanwhile.
				bot = this.discovery.gatewayBotUntilAnswered(this::onDiscoveryRetry)
					.doOnError(TokenRejectedException.class, (ex) -> this.discoveryStatus = new DiscoveryStatus(
							DiscoveryStatus.State.FAILED, this.discoveryStatus.attempts() + 1, ex.getMessage(), null,
							null))
					// a shutdown while discovery retries ends it (start() then completes empty)
					.takeUntilOther(this.stopped.asMono());
			}
			return bot.map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((found) -> {
				if (this.shuttingDown) {
					return Mono.empty();
				}
				return Mono.just(apply(found));
			});
		});
	}

	private List<Integer> apply(Optional<GatewayBot> found) {
		ShardConfig.Builder shardConfig = this.config.toBuilder();
		int total;
		int maxConcurrency = this.config.maxConcurrency();
		if (found.isPresent()) {
			GatewayBot gb = found.get();
			maxConcurrency = gb.sessionStartLimit().maxConcurrency();
			shardConfig.maxConcurrency(maxConcurrency);
			if (!this.keepGatewayUrl) {
				shardConfig.gatewayUrl(gb.url());
			}
			total = (this.configuredTotal != null) ? this.configuredTotal : gb.shards();
			logger.info("/gateway/bot: {} recommended shard(s), {} of {} session starts left, resets in {}",
					gb.shards(), gb.sessionStartLimit().remaining(), gb.sessionStartLimit().total(),
					gb.sessionStartLimit().resetAfter());
			this.discoveryStatus = new DiscoveryStatus(DiscoveryStatus.State.RESOLVED,
					this.discoveryStatus.attempts(), this.discoveryStatus.lastError(), null, Instant.now());
		}
		else if (this.configuredTotal != null) {
			total = this.configuredTotal;
		}
		else {
			throw new IllegalStateException(
					"The shard count is 'auto' but no GatewayDiscovery was given to ask /gateway/bot");
		}
		IdentifyRateLimiter limiter = (this.givenLimiter != null) ? this.givenLimiter
				: new InMemoryIdentifyRateLimiter(maxConcurrency, this.identifyWindow);
		found.ifPresent((gb) -> limiter.updateSessionStartLimit(gb.sessionStartLimit()));
		List<Integer> ids = new ArrayList<>();
		for (int id : this.selection.resolve(total)) {
			ids.add(id);
		}
		this.totalShards = total;
		this.limiter = limiter;
		this.shardConfig = shardConfig.build();
		found.ifPresent((gb) -> scheduleBudgetRefresh(gb.sessionStartLimit().resetAfter()));
		return ids;
	}

	private void onDiscoveryRetry(Throwable failure, long attempts, Duration nextAttemptIn) {
		DiscoveryStatus current = this.discoveryStatus;
		DiscoveryStatus.State state = (current.resolvedAt() != null) ? DiscoveryStatus.State.RESOLVED
				: DiscoveryStatus.State.RETRYING;
		this.discoveryStatus = new DiscoveryStatus(state, attempts, GatewayDiscovery.describe(failure),
				Instant.now().plus(nextAttemptIn), current.resolvedAt());
		if (current.resolvedAt() == null) {
			logger.warn("Shards cannot start yet: GET /gateway/bot failed {} time(s) ({}); retrying in {} ms",
					attempts, GatewayDiscovery.describe(failure), nextAttemptIn.toMillis());
		}
	}

	/**
	 * Ask {@code /gateway/bot} again when the session-start budget resets, and re-seed the limiter from it: a
	 * limiter seeded once would stop counting identifies after the reset (Redis) or guess the next reset (in
	 * memory). Shards that found the budget spent wait for the same moment (see {@link Shard}).
	 */
	private void scheduleBudgetRefresh(Duration resetAfter) {
		if (this.discovery == null || this.shuttingDown) {
			return;
		}
		Duration wait = (resetAfter.compareTo(MIN_BUDGET_REFRESH) < 0) ? MIN_BUDGET_REFRESH : resetAfter;
		Disposable previous = this.budgetRefresh;
		if (previous != null) {
			previous.dispose();
		}
		this.budgetRefresh = Mono.delay(wait, this.scheduler)
			.then(Mono.defer(() -> this.discovery.gatewayBotUntilAnswered(this::onDiscoveryRetry)))
			.takeUntilOther(this.stopped.asMono())
			.subscribe((bot) -> {
				SessionStartLimit limit = bot.sessionStartLimit();
				logger.info("Session-start budget reset: /gateway/bot says {} of {} left, next reset in {}",
						limit.remaining(), limit.total(), limit.resetAfter());
				IdentifyRateLimiter current = this.limiter;
				if (current != null) {
					current.updateSessionStartLimit(limit);
				}
				DiscoveryStatus status = this.discoveryStatus;
				this.discoveryStatus = new DiscoveryStatus(DiscoveryStatus.State.RESOLVED, 0, null, null,
						status.resolvedAt());
				scheduleBudgetRefresh(limit.resetAfter());
			}, (ex) -> logger.error("Could not refresh the session-start budget: {}", ex.getMessage()));
	}

	/**
	 * Where discovery stands: {@link DiscoveryStatus.State#RETRYING} (with the last error and the next attempt)
	 * while {@code /gateway/bot} cannot be reached at start-up; {@link DiscoveryStatus#NOT_USED} without discovery.
	 * @return the status
	 */
	public DiscoveryStatus discoveryStatus() {
		return this.discoveryStatus;
	}

	/** Create and run the shard of a handle; the returned Mono completes when it passed its identify gate. */
	private Mono<Void> launch(Handle handle, SessionInfo resumeFrom) {
		return Mono.defer(() -> {
			synchronized (handle) {
				if (this.shuttingDown) {
					return Mono.empty();
				}
				Shard current = handle.shard;
				if (current != null && !current.state().isTerminal()) {
					return Mono.empty();
				}
				Sinks.Empty<Void> gate = Sinks.empty();
				Shard shard = new Shard(handle.id, this.totalShards, this.shardConfig,
						new GateLimiter(this.limiter, gate));
				if (resumeFrom != null) {
					shard.resumeFrom(resumeFrom);
				}
				Shard previous = (current != null) ? current : this.draining.get(handle.id);
				if (previous != null) {
					// the old shard's buffer may still be delivering: the new one waits, so the order holds
					shard.deliverAfter(previous.drained());
				}
				handle.shard = shard;
				handle.lifecycle = shard.lifecycle().subscribe((event) -> {
					emit(event);
					if (event instanceof ShardLifecycleEvent.Ready || event instanceof ShardLifecycleEvent.Resumed
							|| event instanceof ShardLifecycleEvent.FatallyClosed
							|| event instanceof ShardLifecycleEvent.ShutDown) {
						gate.tryEmitEmpty();
					}
				});
				ShardSink userSink = this.sinkFactory.apply(handle.id);
				if (this.sinkDecorator != null) {
					userSink = this.sinkDecorator.apply(handle.id, userSink);
				}
				handle.run = shard.run(new TappingSink(userSink)).subscribe(null, (error) -> {
					gate.tryEmitEmpty();
					logger.error("Shard {} stopped: {}", handle.id, error.getMessage());
				}, gate::tryEmitEmpty);
				return gate.asMono();
			}
		});
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
			Handle handle = this.managedExternally ? externalHandle(shardId) : handle(shardId);
			SessionInfo session = resumeFrom;
			if (session == null) {
				// In this process: resume at the last sequence received, with no duplicate; what the old shard
				// received but did not deliver yet is still in its buffer, which the new one waits for.
				Shard previous = handle.shard;
				session = (previous != null && handle.stoppedResumably) ? previous.receivedSession().orElse(null)
						: null;
			}
			handle.stoppedResumably = false;
			return launch(handle, session);
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
			Handle handle = this.handles.get(shardId);
			if (handle == null) {
				return Mono.<SessionInfo>empty();
			}
			Shard shard = handle.shard;
			handle.stoppedResumably = true;
			Mono<Void> closing = (shard != null) ? closeAndDrain(shard, ShutdownMode.RESUMABLE) : Mono.empty();
			return closing.then(Mono.fromCallable(() -> {
				if (this.managedExternally && this.handles.remove(shardId, handle)) {
					Disposable events = handle.lifecycle;
					if (events != null) {
						events.dispose();
					}
					if (shard != null) {
						// not drained within the timeout: a later start of this id must still wait for it
						this.draining.put(shardId, shard);
						shard.drained().subscribe(null, null, () -> this.draining.remove(shardId, shard));
					}
				}
				return (shard != null) ? shard.session().orElse(null) : null;
			}));
		});
	}

	/**
	 * Close a shard, then wait (bounded) until its buffer delivered everything: the delivery threads are daemons, so
	 * whatever is still buffered when a process exits is never delivered. Completes in any case.
	 */
	private Mono<Void> closeAndDrain(Shard shard, ShutdownMode mode) {
		return shard.shutdown(mode)
			.onErrorResume((ex) -> Mono.empty())
			.then(shard.drained().timeout(this.drainTimeout, Mono.fromRunnable(() -> logger.warn(
					"Shard {}: {} dispatch(es) still undelivered after {}; the session is handed over at the last "
							+ "delivered sequence (the next owner replays the rest)",
					shard.shardId(), shard.bufferedEvents(), this.drainTimeout))));
	}

	private Handle externalHandle(int shardId) {
		int total = this.totalShards;
		if (shardId < 0 || shardId >= total) {
			throw new IllegalArgumentException("Shard " + shardId + " is outside 0.." + (total - 1));
		}
		return this.handles.computeIfAbsent(shardId, Handle::new);
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
			Handle handle = handle(shardId);
			Shard shard = handle.shard;
			if (shard == null) {
				return Mono.empty();
			}
			handle.stoppedResumably = (mode == ShutdownMode.RESUMABLE);
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
			this.shuttingDown = true;
			this.stopped.tryEmitEmpty();
			Disposable refresh = this.budgetRefresh;
			if (refresh != null) {
				refresh.dispose();
			}
			List<Mono<Void>> closing = new ArrayList<>();
			for (Handle handle : this.handles.values()) {
				Shard shard = handle.shard;
				if (shard != null) {
					closing.add(closeAndDrain(shard, mode));
				}
			}
			return Mono.when(closing).doFinally((signal) -> {
				for (Handle handle : this.handles.values()) {
					if (handle.lifecycle != null) {
						handle.lifecycle.dispose();
					}
				}
				this.lifecycle.tryEmitComplete();
			});
		});
	}

	/** {@code shutdown(ShutdownMode.FINAL)}. */
	public Mono<Void> shutdown() {
		return shutdown(ShutdownMode.FINAL);
	}

	// ---- state ----------------------------------------------------------------------------------------------

	/** The shard count of the bot (0 before {@link #start()} resolved it). */
	public int totalShards() {
		return this.totalShards;
	}

	/** The shard ids this process runs, ascending. */
	public Set<Integer> shardIds() {
		return Collections.unmodifiableSet(this.handles.keySet());
	}

	/** The current shard object of an id this process runs. */
	public Optional<Shard> shard(int shardId) {
		Handle handle = this.handles.get(shardId);
		return Optional.ofNullable((handle != null) ? handle.shard : null);
	}

	/** The current shards, ascending by id. */
	public List<Shard> shards() {
		List<Shard> shards = new ArrayList<>(this.handles.size());
		for (Handle handle : this.handles.values()) {
			if (handle.shard != null) {
				shards.add(handle.shard);
			}
		}
		return shards;
	}

	/** How many of this process's shards are in each state (every state present, possibly 0). */
	public Map<ShardState, Integer> states() {
		Map<ShardState, Integer> counts = new EnumMap<>(ShardState.class);
		for (ShardState state : ShardState.values()) {
			counts.put(state, 0);
		}
		for (Handle handle : this.handles.values()) {
			Shard shard = handle.shard;
			ShardState state = (shard != null) ? shard.state() : ShardState.DISCONNECTED;
			counts.merge(state, 1, Integer::sum);
		}
		return counts;
	}

	/** Each shard's state, by id. */
	public Map<Integer, ShardState> stateByShard() {
		Map<Integer, ShardState> states = new TreeMap<>();
		this.handles.forEach((id, handle) -> states.put(id,
				(handle.shard != null) ? handle.shard.state() : ShardState.DISCONNECTED));
		return states;
	}

	/** The shared identify limiter (after {@link #start()}). */
	public IdentifyRateLimiter identifyLimiter() {
		return this.limiter;
	}

	/** Lifecycle events of all shards (hot; best effort). */
	public Flux<ShardLifecycleEvent> lifecycle() {
		return this.lifecycle.asFlux();
	}

	/** The shard id that owns a guild, of the bot's total. */
	public int shardFor(long guildId) {
		return shardFor(guildId, requireStarted());
	}

	// ---- commands ---------------------------------------------------------------------------------------------

	/**
	 * Send a payload ({@code {"op":..,"d":..}}) on the shard that owns {@code guildId}.
	 * @param guildId the guild
	 * @param payload the whole payload
	 * @return completes when written; errors if this process does not run that shard
	 */
	public Mono<Void> send(long guildId, Object payload) {
		return Mono.defer(() -> owner(guildId).sendPayload(payload));
	}

	/** Update Presence (op 3) on every shard of this process. */
	public Mono<Void> updatePresence(Presence presence) {
		Objects.requireNonNull(presence, "presence");
		return Flux.fromIterable(shards())
			.flatMap((shard) -> Mono.defer(() -> shard.sendPayload(new Command(3, presence))))
			.then();
	}

	/** Update Presence (op 3) on one shard. */
	public Mono<Void> updatePresence(int shardId, Presence presence) {
		Objects.requireNonNull(presence, "presence");
		return Mono.defer(() -> running(shardId).sendPayload(new Command(3, presence)));
	}

	/**
	 * Update Voice State (op 4) on the owning shard: join, move or ({@code channelId == null}) leave.
	 * @param guildId the guild
	 * @param channelId the voice channel, or {@code null} to disconnect
	 * @param selfMute whether the bot mutes itself
	 * @param selfDeaf whether the bot deafens itself
	 * @return completes when written
	 */
	public Mono<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("guild_id", Long.toUnsignedString(guildId));
		d.put("channel_id", (channelId != null) ? Long.toUnsignedString(channelId) : null);
		d.put("self_mute", selfMute);
		d.put("self_deaf", selfDeaf);
		return send(guildId, new Command(4, d));
	}

	/**
	 * Request Soundboard Sounds (op 31): one request per owning shard with that shard's guilds. The answers arrive
	 * as SOUNDBOARD_SOUNDS dispatches, one per guild.
	 * @param guildIds the guilds
	 * @return completes when every request was written
	 */
	public Mono<Void> requestSoundboardSounds(Collection<Long> guildIds) {
		return Mono.defer(() -> {
			int total = requireStarted();
			Map<Integer, List<String>> byShard = new TreeMap<>();
			for (long guildId : guildIds) {
				byShard.computeIfAbsent(shardFor(guildId, total), (k) -> new ArrayList<>())
					.add(Long.toUnsignedString(guildId));
			}
			return Flux.fromIterable(byShard.entrySet())
				.concatMap((e) -> Mono
					.defer(() -> running(e.getKey()).sendPayload(new Command(31, Map.of("guild_ids", e.getValue())))))
				.then();
		});
	}

	/**
	 * Request Channel Info (op 43) for a guild; the answer arrives as a CHANNEL_INFO dispatch.
	 * @param guildId the guild
	 * @param fields the fields wanted ({@code status}, {@code voice_start_time})
	 * @return completes when written
	 */
	public Mono<Void> requestChannelInfo(long guildId, Collection<String> fields) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("guild_id", Long.toUnsignedString(guildId));
		d.put("fields", List.copyOf(fields));
		return send(guildId, new Command(43, d));
	}

	/** {@link #requestGuildMembers(GuildMembersRequest, Duration)} with the configured timeout. */
	public Mono<GuildMembers> requestGuildMembers(GuildMembersRequest request) {
		return requestGuildMembers(request, this.memberRequestTimeout);
	}

	/**
	 * Request Guild Members (op 8) on the owning shard, with a fresh nonce, and answer with every member of every
	 * GUILD_MEMBERS_CHUNK carrying it. Completes at the last chunk; errors with
	 * {@link MemberRequestRateLimitedException} on a RATE_LIMITED reply and with
	 * {@link MemberRequestTimeoutException} if the chunks do not all arrive in time.
	 * @param request the request
	 * @param timeout how long to wait for all chunks
	 * @return the members
	 */
	public Mono<GuildMembers> requestGuildMembers(GuildMembersRequest request, Duration timeout) {
		Objects.requireNonNull(request, "request");
		return Mono.defer(() -> {
			Shard shard = owner(request.guildId());
			String nonce = this.members.nextNonce();
			Map<String, Object> d = new LinkedHashMap<>();
			d.put("guild_id", Long.toUnsignedString(request.guildId()));
			if (request.query() != null) {
				d.put("query", request.query());
				d.put("limit", request.limit());
			}
			else {
				d.put("user_ids", request.userIds().stream().map(Long::toUnsignedString).toList());
			}
			if (request.presences()) {
				d.put("presences", true);
			}
			d.put("nonce", nonce);
			Command command = new Command(8, d);
			GuildMemberCollector.Pending[] pending = new GuildMemberCollector.Pending[1];
			Mono<GuildMembers> answer = Mono.<GuildMembers>create((sink) -> {
				// Registered before sending: the first chunk can arrive before sendPayload's Mono completes.
				pending[0] = this.members.register(request.guildId(), nonce, sink);
				sink.onDispose(() -> this.members.remove(nonce));
				try {
					shard.sendPayload(command).subscribe(null, sink::error);
				}
				catch (RuntimeException ex) {
					sink.error(ex);
				}
			});
			return answer.timeout(timeout, Mono.defer(() -> Mono.error(new MemberRequestTimeoutException(
					request.guildId(), timeout, pending[0].received(), pending[0].chunkCount()))), this.scheduler);
		});
	}

	private Shard owner(long guildId) {
		int shardId = shardFor(guildId, requireStarted());
		Handle handle = this.handles.get(shardId);
		if (handle == null) {
			throw new GatewayException("Guild " + Long.toUnsignedString(guildId) + " belongs to shard " + shardId
					+ ", which this process does not run (it runs " + (this.managedExternally
							? "the shards its owner started: " + this.handles.keySet() : this.selection) + ")");
		}
		return running(shardId);
	}

	private Shard running(int shardId) {
		Handle handle = handle(shardId);
		Shard shard = handle.shard;
		if (shard == null || shard.state().isTerminal()) {
			throw new GatewayException("Shard " + shardId + " is not running");
		}
		return shard;
	}

	private Handle handle(int shardId) {
		Handle handle = this.handles.get(shardId);
		if (handle == null) {
			throw new IllegalArgumentException("This process does not run shard " + shardId + " (it runs "
					+ this.selection + " of " + this.totalShards + ")");
		}
		return handle;
	}

	private int requireStarted() {
		int total = this.totalShards;
		if (total < 1) {
			throw new IllegalStateException("The shard manager has not been started");
		}
		return total;
	}

	@Override
	public String toString() {
		return "ShardManager[total=" + this.totalShards + ", selection=" + this.selection + ", running="
				+ this.handles.size() + "]";
	}

	/** A gateway command envelope. */
	record Command(int op, Object d) {
	}

	/** One shard id this process runs; the shard object is replaced on restart. */
	private static final class Handle {

		private final int id;

		private volatile Shard shard;

		private volatile Disposable run;

		private volatile Disposable lifecycle;

		private volatile boolean stoppedResumably;

		/** Completes when the first launch passed its identify gate (or stopped). */
		private final Sinks.Empty<Void> firstStart = Sinks.empty();

		Handle(int id) {
			this.id = id;
		}

	}

	/** The shared limiter, seen by one shard: the first permit opens the start gate for the next shard. */
	private static final class GateLimiter implements IdentifyRateLimiter {

		private final IdentifyRateLimiter delegate;

		private final Sinks.Empty<Void> gate;

		GateLimiter(IdentifyRateLimiter delegate, Sinks.Empty<Void> gate) {
			this.delegate = delegate;
			this.gate = gate;
		}

		@Override
		public Mono<IdentifyPermit> acquire(int shardId) {
			return this.delegate.acquire(shardId).doOnNext((permit) -> this.gate.tryEmitEmpty());
		}

		@Override
		public void identifySettled(IdentifyPermit permit) {
			this.delegate.identifySettled(permit);
		}

		@Override
		public void identifyAbandoned(IdentifyPermit permit) {
			this.delegate.identifyAbandoned(permit);
		}

		@Override
		public void updateSessionStartLimit(SessionStartLimit limit) {
			this.delegate.updateSessionStartLimit(limit);
		}

		@Override
		public Optional<SessionStartLimit> sessionStartLimit() {
			return this.delegate.sessionStartLimit();
		}

		@Override
		public boolean isExhausted() {
			return this.delegate.isExhausted();
		}

		@Override
		public boolean isValid(IdentifyPermit permit) {
			return this.delegate.isValid(permit);
		}

	}

	/** Sees member chunks and RATE_LIMITED before the user's sink does. */
	private final class TappingSink implements ShardSink {

		private final ShardSink delegate;

		TappingSink(ShardSink delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			String type = dispatch.type();
			if (GuildMemberCollector.CHUNK.equals(type) || GuildMemberCollector.RATE_LIMITED.equals(type)) {
				ShardManager.this.members.inspect(dispatch);
				if (!this.delegate.wants(type)) {
					return;
				}
			}
			this.delegate.onDispatch(dispatch);
		}

		@Override
		public boolean wants(String type) {
			return this.delegate.wants(type) || GuildMemberCollector.CHUNK.equals(type)
					|| GuildMemberCollector.RATE_LIMITED.equals(type);
		}

		@Override
		public boolean nonBlocking() {
			// the chunk inspection above never blocks
			return this.delegate.nonBlocking();
		}

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

		private Builder(ShardConfig config) {
			this.config = Objects.requireNonNull(config, "config");
		}

		/** A fixed shard count. Without it (or with {@code "auto"}) {@code /gateway/bot}'s recommendation is used. */
		public Builder totalShards(int totalShards) {
			if (totalShards < 1) {
				throw new IllegalArgumentException("totalShards must be at least 1, was " + totalShards);
			}
			this.totalShards = totalShards;
			return this;
		}

		/** {@code "auto"} (ask {@code /gateway/bot}) or a number. */
		public Builder totalShards(String totalShards) {
			if (totalShards == null || totalShards.isBlank() || totalShards.trim().equalsIgnoreCase("auto")) {
				this.totalShards = null;
				return this;
			}
			try {
				return totalShards(Integer.parseInt(totalShards.trim()));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("totalShards must be 'auto' or a number, was '" + totalShards + "'");
			}
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

		/** How long {@link ShardManager#requestGuildMembers(GuildMembersRequest)} waits (default 30 s). */
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

		public ShardManager build() {
			if (this.sinkFactory == null) {
				throw new IllegalStateException("A sink or sinkFactory is required");
			}
			return new ShardManager(this);
		}

	}

}
