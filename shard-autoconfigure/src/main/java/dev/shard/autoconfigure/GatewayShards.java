package dev.shard.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.shard.gateway.GatewayBot;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShutdownMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shards this process runs, as the Spring lifecycle drives them: created and started when the application
 * starts (after gateway discovery when the URL or the shard count come from Discord), shut down when it stops.
 * <p>
 * The way to reach the shards and their state from other beans (health, metrics, endpoints).
 */
public final class GatewayShards {

	private static final Log logger = LogFactory.getLog(GatewayShards.class);

	private final DiscordPropertiesMapper mapper;

	private final IdentifyRateLimiter limiter;

	private final GatewayDiscovery discovery;

	private volatile List<Shard> shards = List.of();

	private volatile int totalShards;

	private volatile Disposable starting;

	private volatile boolean stopped;

	GatewayShards(DiscordPropertiesMapper mapper, IdentifyRateLimiter limiter, GatewayDiscovery discovery) {
		this.mapper = mapper;
		this.limiter = limiter;
		this.discovery = discovery;
	}

	/**
	 * Create the shards and start them without waiting for them to connect. Discovery ({@code GET /gateway/bot}),
	 * if needed, runs in the background too.
	 * @param config the shard configuration
	 * @param sinks the sink of each shard id
	 * @param beforeRun called with each shard before it starts (to subscribe to its lifecycle)
	 */
	synchronized void start(ShardConfig config, IntFunction<ShardSink> sinks, Consumer<Shard> beforeRun) {
		this.stopped = false;
		boolean urlConfigured = this.mapper.gatewayUrlConfigured();
		if (urlConfigured && this.mapper.totalShards().isPresent()) {
			launch(config, this.mapper.totalShards().getAsInt(), sinks, beforeRun);
			return;
		}
		this.starting = this.discovery.gatewayBot().subscribe((bot) -> {
			this.limiter.updateSessionStartLimit(bot.sessionStartLimit());
			int total = this.mapper.totalShards().orElse(bot.shards());
			ShardConfig effective = urlConfigured ? config
					: config.toBuilder().gatewayUrl(bot.url()).maxConcurrency(maxConcurrency(bot)).build();
			logger.info("Discord gateway discovery: " + bot.url() + ", " + bot.shards() + " recommended shard(s), "
					+ bot.sessionStartLimit().remaining() + " session start(s) left");
			launch(effective, total, sinks, beforeRun);
		}, (ex) -> logger.error("Discord gateway discovery failed; no shard started: " + ex.getMessage()));
	}

	private static int maxConcurrency(GatewayBot bot) {
		return Math.max(1, bot.sessionStartLimit().maxConcurrency());
	}

	private synchronized void launch(ShardConfig config, int total, IntFunction<ShardSink> sinks,
			Consumer<Shard> beforeRun) {
		if (this.stopped) {
			return;
		}
		List<Shard> created = new ArrayList<>();
		for (int id : this.mapper.shardIds().resolve(total)) {
			created.add(new Shard(id, total, config, this.limiter));
		}
		this.totalShards = total;
		this.shards = Collections.unmodifiableList(created);
		for (Shard shard : created) {
			beforeRun.accept(shard);
			// Never dispose this subscription: cancelling run() closes the shard with 1000 (ends the session).
			shard.run(sinks.apply(shard.shardId()))
				.subscribe(null, (ex) -> logger.error("Discord shard " + shard.shardId() + " stopped: " + ex.getMessage()));
		}
		logger.info("Discord gateway: started shard(s) " + created.stream().map(Shard::shardId).toList() + " of "
				+ total);
	}

	/** The shards of this process, ascending by id (empty until started, and during discovery). */
	public List<Shard> shards() {
		return this.shards;
	}

	/** The bot's total shard count, or 0 before it is known. */
	public int totalShards() {
		return this.totalShards;
	}

	/**
	 * One shard of this process.
	 * @param shardId the shard id
	 * @return the shard, if this process runs it
	 */
	public Optional<Shard> shard(int shardId) {
		return this.shards.stream().filter((s) -> s.shardId() == shardId).findFirst();
	}

	/** The identify limiter shared by the shards. */
	public IdentifyRateLimiter identifyLimiter() {
		return this.limiter;
	}

	/**
	 * Shut every shard down.
	 * @param mode resumable or final
	 * @return completes when all are closed
	 */
	Mono<Void> shutdown(ShutdownMode mode) {
		List<Shard> current;
		synchronized (this) {
			this.stopped = true;
			if (this.starting != null) {
				this.starting.dispose();
			}
			current = this.shards;
		}
		return Flux.fromIterable(current)
			.flatMap((shard) -> shard.shutdown(mode).onErrorResume((ex) -> {
				logger.warn("Discord shard " + shard.shardId() + " did not shut down cleanly: " + ex.getMessage());
				return Mono.empty();
			}))
			.then();
	}

}
