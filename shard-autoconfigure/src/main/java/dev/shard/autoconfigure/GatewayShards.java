package dev.shard.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShutdownMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shards this process runs, as the Spring lifecycle drives them: created and started when the application
 * starts, shut down when it stops.
 */
public final class GatewayShards {

	private static final Log logger = LogFactory.getLog(GatewayShards.class);

	private final DiscordPropertiesMapper mapper;

	private final @Nullable IdentifyRateLimiter limiter;

	private volatile List<Shard> shards = List.of();

	private final List<Disposable> runs = new ArrayList<>();

	GatewayShards(DiscordPropertiesMapper mapper, @Nullable IdentifyRateLimiter limiter) {
		this.mapper = mapper;
		this.limiter = limiter;
	}

	/**
	 * Create the shards and start them without waiting for them to connect.
	 * @param config the shard configuration
	 * @param sinks the sink of each shard id
	 * @param beforeRun called with each shard before it starts (to subscribe to its lifecycle)
	 */
	synchronized void start(ShardConfig config, IntFunction<ShardSink> sinks, Consumer<Shard> beforeRun) {
		int total = this.mapper.totalShards().orElseGet(() -> {
			logger.warn("discord.gateway.shards.total=auto is not resolved yet; running 1 shard");
			return 1;
		});
		List<Shard> created = new ArrayList<>();
		for (int id : this.mapper.shardIds().resolve(total)) {
			created.add((this.limiter != null) ? new Shard(id, total, config, this.limiter)
					: new Shard(id, total, config));
		}
		this.shards = Collections.unmodifiableList(created);
		for (Shard shard : created) {
			beforeRun.accept(shard);
			this.runs.add(shard.run(sinks.apply(shard.shardId()))
				.subscribe(null, (ex) -> logger.error("Discord shard " + shard.shardId() + " stopped: " + ex.getMessage())));
		}
	}

	/** The shards of this process, ascending by id (empty before start). */
	public List<Shard> shards() {
		return this.shards;
	}

	/**
	 * One shard of this process.
	 * @param shardId the shard id
	 * @return the shard, if this process runs it
	 */
	public Optional<Shard> shard(int shardId) {
		return this.shards.stream().filter((s) -> s.shardId() == shardId).findFirst();
	}

	/**
	 * Shut every shard down.
	 * @param mode resumable or final
	 * @return completes when all are closed
	 */
	Mono<Void> shutdown(ShutdownMode mode) {
		List<Shard> current = this.shards;
		return Flux.fromIterable(current)
			.flatMap((shard) -> shard.shutdown(mode).onErrorResume((ex) -> {
				logger.warn("Discord shard " + shard.shardId() + " did not shut down cleanly: " + ex.getMessage());
				return Mono.empty();
			}))
			.then();
	}

}
