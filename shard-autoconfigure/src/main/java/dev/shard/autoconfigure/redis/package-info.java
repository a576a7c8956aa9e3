/**
 * Auto-configuration of scale-out on Redis ({@code discord.gateway.coordination=redis}): the cluster-wide
 * identify limiter, session checkpoints and shard leases of {@code dev.shard.cluster}.
 */
package dev.shard.autoconfigure.redis;
