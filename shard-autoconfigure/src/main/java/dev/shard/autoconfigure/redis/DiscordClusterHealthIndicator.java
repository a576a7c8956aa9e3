package dev.shard.autoconfigure.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.cluster.ShardLeaseManager;

/**
 * Health of the Redis coordination (component {@code discordCluster}). Reads local state only: no Redis round trip
 * per health check (the lease manager talks to Redis every renew interval, so availability is that fresh).
 * <ul>
 * <li>{@link DiscordHealthIndicator#DEGRADED DEGRADED} (HTTP 200) while Redis is unavailable: connected shards
 * keep running, but no shard identifies, none is taken over and no checkpoint is written until it answers;</li>
 * <li>{@code UNKNOWN} while the leases have not started (the gateway is still starting) or after they stopped;</li>
 * <li>{@code UP} otherwise.</li>
 * </ul>
 * Details: Redis target (never credentials), availability, identify, checkpoint and lease counters, owned shards and
 * live instances.
 */
public class DiscordClusterHealthIndicator implements HealthIndicator {

	private final ClusterStatus status;

	DiscordClusterHealthIndicator(ClusterStatus status) {
		this.status = status;
	}

	@Override
	public Health health() {
		Health.Builder builder;
		ShardLeaseManager leases = this.status.leases().orElse(null);
		if (!this.status.isRedisAvailable()) {
			builder = Health.status(DiscordHealthIndicator.DEGRADED);
		}
		else if (leases != null && !leases.isRunning()) {
			builder = Health.unknown();
		}
		else {
			builder = Health.up();
		}
		return builder.withDetails(this.status.details()).build();
	}

}
