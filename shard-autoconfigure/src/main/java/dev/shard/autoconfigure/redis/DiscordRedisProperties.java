package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.shard.cluster.ShardLeaseManager.OutagePolicy;

/**
 * Scale-out on Redis, under {@code discord.gateway.redis}; active with {@code discord.gateway.coordination=redis}.
 * {@link #toString()} never shows the URI (it may hold a password).
 *
 * @param uri Redis URI, e.g. redis://user:password@host:6379/0 (rediss:// for TLS). Unset: the application's Spring
 * Data Redis connection (spring.data.redis.*, or a Docker Compose or Testcontainers service connection) when
 * spring-boot-data-redis is present, else redis://127.0.0.1:6379.
 * @param keyPrefix Prefix of every key of this bot; use a distinct one per bot sharing a Redis, and put a hash tag
 * in it (e.g. "{mybot}") on Redis Cluster.
 * @param commandTimeout Time one Redis command may take before Redis counts as unavailable.
 * @param identify Cluster-wide identify limiter settings.
 * @param session Session checkpoint settings.
 * @param lease Shard lease settings.
 */
@ConfigurationProperties("discord.gateway.redis")
public record DiscordRedisProperties(@Nullable String uri,
		@DefaultValue("shard") String keyPrefix, @DefaultValue("2s") Duration commandTimeout,
		@DefaultValue Identify identify, @DefaultValue Session session, @DefaultValue Lease lease) {

	/** The default of {@link #uri()} when neither it nor a Spring Data Redis connection is configured. */
	public static final String DEFAULT_URI = "redis://127.0.0.1:6379";

	@Override
	public String toString() {
		return "DiscordRedisProperties[uri=[redacted], keyPrefix=" + this.keyPrefix + ", commandTimeout="
				+ this.commandTimeout + ", identify=" + this.identify + ", session=" + this.session + ", lease="
				+ this.lease + "]";
	}

	/**
	 * Cluster-wide identify limiter.
	 *
	 * @param window Length of one identify window per rate-limit bucket (Discord: 5 seconds).
	 * @param sendMargin How long after asking Redis a granted identify slot may still be used; slots are held for
	 * at least window plus this margin (plus 5 % of the window), and a window past the identify's answer.
	 */
	public record Identify(@DefaultValue("5s") Duration window, @DefaultValue("500ms") Duration sendMargin) {
	}

	/**
	 * Session checkpoints, so a restarted or replacement instance resumes instead of identifying.
	 *
	 * @param checkpointInterval Maximum staleness of a checkpoint: how often changed sessions are written.
	 * @param checkpointEvery Also write a shard's checkpoint after this many of its dispatches.
	 * @param ttl How long a checkpoint is kept after its last write.
	 */
	public record Session(@DefaultValue("5s") Duration checkpointInterval, @DefaultValue("1000") int checkpointEvery,
			@DefaultValue("10m") Duration ttl) {
	}

	/**
	 * Shard ownership by leases.
	 *
	 * @param enabled Whether the shards are owned by leases: this instance runs exactly the shards it holds a lease
	 * for and takes over those of dead instances (false: each instance runs discord.gateway.shards.ids itself).
	 * @param totalShards Total shard count of the bot across all instances (default: discord.gateway.shards.total,
	 * which must then be a number).
	 * @param shards Shards this instance claims; empty for an even share of total-shards among live instances, or
	 * discord.gateway.shards.ids when that is not "all".
	 * @param ttl Lease lifetime: a dead instance's shards are taken over after at most this plus one renew interval.
	 * @param renewInterval How often leases are renewed; must be less than a third of the TTL (default TTL/4).
	 * @param instanceId Unique id of this instance (default: host name, pid and a random suffix).
	 * @param outagePolicy What running shards do while Redis is unreachable: keep-running (default) or stop-shards.
	 */
	public record Lease(@DefaultValue("true") boolean enabled, @Nullable Integer totalShards,
			@DefaultValue Set<Integer> shards, @DefaultValue("15s") Duration ttl, @Nullable Duration renewInterval,
			@Nullable String instanceId, @DefaultValue("keep-running") OutagePolicy outagePolicy) {
	}

}
