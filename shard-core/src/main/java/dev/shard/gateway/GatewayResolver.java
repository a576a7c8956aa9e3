package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * What a {@link ShardManager} needs before its first shard connects, kept current while it runs: the shard count
 * (configured, or the recommendation of
 * <a href="https://discord.com/developers/docs/events/gateway#get-gateway-bot">Get Gateway Bot</a>), the gateway URL,
 * {@code max_concurrency}, and the shared identify limiter seeded with the session-start budget, which is seeded
 * again each time the budget resets. {@code /gateway/bot} is asked until it answers; {@link #status()} says why
 * meanwhile.
 */
final class GatewayResolver {

	// logs as the manager it works for, so that its logging configuration covers this too
	private static final Logger logger = LoggerFactory.getLogger(ShardManager.class);

	/** The least wait before asking {@code /gateway/bot} again for the budget (a {@code reset_after} of 0). */
	private static final Duration MIN_BUDGET_REFRESH = Duration.ofSeconds(1);

	private final ShardConfig config;

	private final Integer configuredTotal;

	private final ShardSelection selection;

	private final GatewayDiscovery discovery;

	private final IdentifyRateLimiter givenLimiter;

	private final Duration identifyWindow;

	private final boolean keepGatewayUrl;

	private final Scheduler scheduler;

	/** Emits on {@link #stop()}: ends discovery retries and the budget refresh. */
	private final Sinks.Empty<Void> stopped = Sinks.empty();

	private volatile boolean stopping;

	private volatile boolean resolving;

	private volatile Resolution resolution;

	private volatile DiscoveryStatus status = DiscoveryStatus.NOT_USED;

	private volatile Disposable budgetRefresh;

	GatewayResolver(ShardConfig config, Integer configuredTotal, ShardSelection selection, GatewayDiscovery discovery,
			IdentifyRateLimiter givenLimiter, Duration identifyWindow, boolean keepGatewayUrl, Scheduler scheduler) {
		this.config = config;
		this.configuredTotal = configuredTotal;
		this.selection = selection;
		this.discovery = discovery;
		this.givenLimiter = givenLimiter;
		this.identifyWindow = identifyWindow;
		this.keepGatewayUrl = keepGatewayUrl;
		this.scheduler = scheduler;
	}

	/**
	 * Resolve once: ask discovery (if any) until it answers, then fix the shard count, configuration and limiter.
	 * Errors if called twice, if the token is rejected or if the selection does not fit the shard count; completes
	 * empty if {@link #stop()} came first.
	 */
	Mono<Resolution> resolve() {
		return Mono.defer(() -> {
			if (this.resolution != null || this.resolving) {
				return Mono.error(new IllegalStateException("The shard manager was already started"));
			}
			this.resolving = true;
			Mono<GatewayBot> bot = Mono.empty();
			if (this.discovery != null) {
				this.status = new DiscoveryStatus(DiscoveryStatus.State.PENDING, 0, null, null, null);
				// Without limit: an API outage at start-up must not leave the process running with no shard. Only a
				// rejected token (401) ends it; health shows each failure meanwhile.
				bot = this.discovery.gatewayBotUntilAnswered(this::onDiscoveryRetry)
					.doOnError(TokenRejectedException.class, (ex) -> this.status = new DiscoveryStatus(
							DiscoveryStatus.State.FAILED, this.status.attempts() + 1, ex.getMessage(), null, null))
					// a stop while discovery retries ends it (the manager's start() then completes empty)
					.takeUntilOther(this.stopped.asMono());
			}
			return bot.map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((found) -> {
				if (this.stopping) {
					return Mono.empty();
				}
				return Mono.just(apply(found));
			});
		});
	}

	private Resolution apply(Optional<GatewayBot> found) {
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
			this.status = new DiscoveryStatus(DiscoveryStatus.State.RESOLVED, this.status.attempts(),
					this.status.lastError(), null, Instant.now());
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
		Resolution resolution = new Resolution(total, shardConfig.build(), limiter, List.copyOf(ids));
		this.resolution = resolution;
		found.ifPresent((gb) -> scheduleBudgetRefresh(gb.sessionStartLimit().resetAfter()));
		return resolution;
	}

	private void onDiscoveryRetry(Throwable failure, long attempts, Duration nextAttemptIn) {
		DiscoveryStatus current = this.status;
		DiscoveryStatus.State state = (current.resolvedAt() != null) ? DiscoveryStatus.State.RESOLVED
				: DiscoveryStatus.State.RETRYING;
		this.status = new DiscoveryStatus(state, attempts, GatewayDiscovery.describe(failure),
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
		if (this.discovery == null || this.stopping) {
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
				Resolution current = this.resolution;
				if (current != null) {
					current.limiter().updateSessionStartLimit(limit);
				}
				this.status = new DiscoveryStatus(DiscoveryStatus.State.RESOLVED, 0, null, null,
						this.status.resolvedAt());
				scheduleBudgetRefresh(limit.resetAfter());
			}, (ex) -> logger.error("Could not refresh the session-start budget: {}", ex.getMessage()));
	}

	/** End discovery retries and the budget refresh; a resolution still under way then completes empty. */
	void stop() {
		this.stopping = true;
		this.stopped.tryEmitEmpty();
		Disposable refresh = this.budgetRefresh;
		if (refresh != null) {
			refresh.dispose();
		}
	}

	/**
	 * The resolution of a re-shard to {@code total}: the same configuration and limiter, the selection's ids at the
	 * new count. Takes effect only with {@link #switchTo(Resolution)}.
	 */
	Resolution resharded(int total) {
		List<Integer> ids = new ArrayList<>();
		for (int id : this.selection.resolve(total)) {
			ids.add(id);
		}
		return resharded(total, ids);
	}

	/** The same with explicit shard ids (an externally managed process re-shards the shards it runs). */
	Resolution resharded(int total, List<Integer> ids) {
		Resolution current = this.resolution;
		if (current == null) {
			throw new IllegalStateException("The shard manager has not been started");
		}
		return new Resolution(total, current.shardConfig(), current.limiter(), List.copyOf(ids));
	}

	/** After a re-shard's switch: the shard count (and ids) commands and new starts use from now on. */
	void switchTo(Resolution resolution) {
		this.resolution = resolution;
	}

	/** The recommended shard count as {@code /gateway/bot} gives it now (one request), or empty without discovery. */
	Mono<Integer> recommendedShards() {
		return (this.discovery != null) ? this.discovery.gatewayBot().map(GatewayBot::shards) : Mono.empty();
	}

	/** Whether the shard count was fixed by the configuration (else {@code /gateway/bot} recommends it). */
	boolean totalFixed() {
		return this.configuredTotal != null;
	}

	/** The resolution, or {@code null} before it. */
	Resolution current() {
		return this.resolution;
	}

	DiscoveryStatus status() {
		return this.status;
	}

	/**
	 * The outcome of resolving.
	 * @param totalShards the bot's shard count
	 * @param shardConfig the configuration every shard starts with
	 * @param limiter the shared identify limiter
	 * @param shardIds the selected shard ids, ascending
	 */
	record Resolution(int totalShards, ShardConfig shardConfig, IdentifyRateLimiter limiter, List<Integer> shardIds) {
	}

}
