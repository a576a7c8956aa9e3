package dev.shard.autoconfigure.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.shard.cluster.ClusterRedisClient;
import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.ShardLayout;
import dev.shard.cluster.ShardLeaseManager;

import dev.shard.gateway.SessionCheckpointer;

/**
 * One place for health and metrics to read the Redis coordination state from: availability and counters of the
 * client, limiter, checkpointer and lease manager. Reads only local state (no Redis round trip).
 */
final class ClusterStatus {

	private final ClusterRedisClient redis;

	private final RedisIdentifyRateLimiter limiter;

	private final SessionCheckpointer checkpointer;

	private final ShardLeaseManager leases;

	ClusterStatus(ClusterRedisClient redis, RedisIdentifyRateLimiter limiter, SessionCheckpointer checkpointer,
			ShardLeaseManager leases) {
		this.redis = redis;
		this.limiter = limiter;
		this.checkpointer = checkpointer;
		this.leases = leases;
	}

	/** Whether Redis answered the last command: DOWN/OUT_OF_SERVICE material for a health indicator. */
	public boolean isRedisAvailable() {
		return this.redis.isAvailable();
	}

	public ClusterRedisClient redis() {
		return this.redis;
	}

	/** The Redis identify limiter, or {@code null} when the application supplies its own limiter. */
	public RedisIdentifyRateLimiter limiter() {
		return this.limiter;
	}

	public SessionCheckpointer checkpointer() {
		return this.checkpointer;
	}

	/** The lease manager, absent when leases are off or no ShardControl is available. */
	public Optional<ShardLeaseManager> leases() {
		return Optional.ofNullable(this.leases);
	}

	/** Health details; no credentials. */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("redis", this.redis.describeTarget());
		details.put("available", this.redis.isAvailable());
		this.redis.unavailableSince().ifPresent((t) -> details.put("unavailableSince", t.toString()));
		this.redis.lastError().ifPresent((e) -> details.put("lastError", e.getMessage()));
		details.put("redisFailures", this.redis.failureCount());
		if (this.limiter != null) {
			details.put("identifiesGranted", this.limiter.grantedCount());
			details.put("identifiesDeferredByOutage", this.limiter.deferredByOutageCount());
			details.put("identifySlotsBurned", this.limiter.burnedCount());
			this.limiter.sessionStartLimit().ifPresent((l) -> details.put("sessionStartsRemaining", l.remaining()));
		}
		details.put("checkpointsWritten", this.checkpointer.writeCount());
		details.put("checkpointFailures", this.checkpointer.failureCount());
		if (this.leases != null) {
			details.put("instanceId", this.leases.instanceId());
			details.put("running", this.leases.isRunning());
			details.put("leaseTtl", this.leases.leaseTtl().toString());
			details.put("ownedShards", this.leases.ownedShards());
			ShardLayout layout = this.leases.layout();
			details.put("layout", Map.of("totalShards", layout.totalShards(), "generation", layout.generation()));
			if (this.leases.isResharding()
					|| this.leases.agreedLayout().generation() > layout.generation()) {
				details.put("reshardingTo", this.leases.agreedLayout().totalShards());
			}
			details.put("liveInstances", this.leases.liveInstances());
			details.put("leaseClaims", this.leases.claimCount());
			details.put("leaseTakeoversResumed", this.leases.resumedClaimCount());
			details.put("leasesLost", this.leases.lostLeaseCount());
			details.put("leasesReleased", this.leases.releaseCount());
			details.put("failedTicks", this.leases.failedTickCount());
		}
		return details;
	}

}
