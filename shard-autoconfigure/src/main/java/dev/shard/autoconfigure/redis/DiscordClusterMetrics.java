package dev.shard.autoconfigure.redis;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.ShardLeaseManager;

/**
 * Meters of the Redis coordination, read from the counters of the client, limiter, checkpointer and lease manager
 * (no work on any hot path):
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@value #REDIS_AVAILABLE}</td><td>gauge</td><td></td><td>1 while Redis answers, 0 while not</td></tr>
 * <tr><td>{@value #REDIS_FAILURES}</td><td>counter</td><td></td><td>Redis commands that failed or timed out</td></tr>
 * <tr><td>{@value #IDENTIFIES}</td><td>counter</td><td>outcome (granted, burned, deferred)</td><td>identify slots
 * granted, slots not used because Redis answered too late, attempts deferred while Redis was down</td></tr>
 * <tr><td>{@value #CHECKPOINTS}</td><td>counter</td><td>result (written, failed)</td><td>session checkpoints</td></tr>
 * <tr><td>{@value #OWNED_SHARDS}</td><td>gauge</td><td></td><td>shards this instance holds leases for</td></tr>
 * <tr><td>{@value #INSTANCES}</td><td>gauge</td><td></td><td>live instances seen at the last heartbeat</td></tr>
 * <tr><td>{@value #LEASES}</td><td>counter</td><td>event (claimed, resumed, released, lost)</td><td>leases claimed
 * (resumed: a claim that found a saved session), handed back, and lost (shard stopped)</td></tr>
 * <tr><td>{@value #FAILED_TICKS}</td><td>counter</td><td></td><td>lease heartbeats/renewals that failed</td></tr>
 * </table>
 */
public final class DiscordClusterMetrics {

	public static final String REDIS_AVAILABLE = "discord.cluster.redis.available";

	public static final String REDIS_FAILURES = "discord.cluster.redis.failures";

	public static final String IDENTIFIES = "discord.cluster.identifies";

	public static final String CHECKPOINTS = "discord.cluster.checkpoints";

	public static final String OWNED_SHARDS = "discord.cluster.shards.owned";

	public static final String INSTANCES = "discord.cluster.instances";

	public static final String LEASES = "discord.cluster.leases";

	public static final String FAILED_TICKS = "discord.cluster.lease.ticks.failed";

	private final ClusterStatus status;

	DiscordClusterMetrics(ClusterStatus status) {
		this.status = status;
	}

	/**
	 * Register the meters.
	 * @param registry the registry
	 */
	public void bindTo(MeterRegistry registry) {
		ClusterStatus s = this.status;
		Gauge.builder(REDIS_AVAILABLE, s, (st) -> st.isRedisAvailable() ? 1 : 0)
			.description("Whether Redis answered the last command")
			.register(registry);
		counter(registry, REDIS_FAILURES, Tags.empty(), s, (st) -> st.redis().failureCount());
		RedisIdentifyRateLimiter limiter = s.limiter();
		if (limiter != null) {
			counter(registry, IDENTIFIES, Tags.of("outcome", "granted"), limiter, RedisIdentifyRateLimiter::grantedCount);
			counter(registry, IDENTIFIES, Tags.of("outcome", "burned"), limiter, RedisIdentifyRateLimiter::burnedCount);
			counter(registry, IDENTIFIES, Tags.of("outcome", "deferred"), limiter,
					RedisIdentifyRateLimiter::deferredByOutageCount);
		}
		counter(registry, CHECKPOINTS, Tags.of("result", "written"), s, (st) -> st.checkpointer().writeCount());
		counter(registry, CHECKPOINTS, Tags.of("result", "failed"), s, (st) -> st.checkpointer().failureCount());
		ShardLeaseManager leases = s.leases().orElse(null);
		if (leases != null) {
			Gauge.builder(OWNED_SHARDS, leases, (l) -> l.ownedShards().size())
				.description("Shards this instance holds leases for")
				.register(registry);
			Gauge.builder(INSTANCES, leases, (l) -> l.liveInstances().size())
				.description("Live instances seen at the last lease heartbeat")
				.register(registry);
			counter(registry, LEASES, Tags.of("event", "claimed"), leases, ShardLeaseManager::claimCount);
			counter(registry, LEASES, Tags.of("event", "resumed"), leases, ShardLeaseManager::resumedClaimCount);
			counter(registry, LEASES, Tags.of("event", "released"), leases, ShardLeaseManager::releaseCount);
			counter(registry, LEASES, Tags.of("event", "lost"), leases, ShardLeaseManager::lostLeaseCount);
			counter(registry, FAILED_TICKS, Tags.empty(), leases, ShardLeaseManager::failedTickCount);
		}
	}

	private static <T> void counter(MeterRegistry registry, String name, Tags tags, T source,
			ToDoubleFunction<T> count) {
		FunctionCounter.builder(name, source, count).tags(tags).register(registry);
	}

}
