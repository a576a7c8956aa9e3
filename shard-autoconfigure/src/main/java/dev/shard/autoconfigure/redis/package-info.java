/**
 * Auto-configuration of scale-out on Redis ({@code discord.gateway.coordination=redis}): the cluster-wide
 * identify limiter and session checkpoints of {@code dev.shard.cluster} ({@code DiscordRedisAutoConfiguration}),
 * the gateway's shard manager driven by shard leases ({@code DiscordRedisLeaseAutoConfiguration}:
 * {@link dev.shard.autoconfigure.redis.ShardManagerControl}, {@link dev.shard.autoconfigure.redis.RedisShardCoordination}),
 * the check of the setting ({@code DiscordCoordinationAutoConfiguration}) and the {@code discordCluster} health and
 * {@code discord.cluster.*} meters ({@code DiscordClusterObservabilityAutoConfiguration}).
 */
package dev.shard.autoconfigure.redis;
