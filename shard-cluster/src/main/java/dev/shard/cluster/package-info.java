/**
 * Scale-out across several processes on Redis: a cluster-wide {@link dev.shard.gateway.IdentifyRateLimiter}
 * ({@link dev.shard.cluster.RedisIdentifyRateLimiter}), session checkpoints that let a restarted or replacement
 * instance resume instead of identifying ({@link dev.shard.cluster.RedisSessionStore},
 * {@link dev.shard.gateway.SessionCheckpointer}) and shard ownership by leases with failover
 * ({@link dev.shard.cluster.ShardLeaseManager}).
 * <p>
 * Built directly on Lettuce's reactive API rather than Spring Data Redis: this package is protocol-level code
 * (no Spring imports, like {@code dev.shard.gateway}), everything it does is a handful of Lua scripts plus
 * {@code HMGET}, and Lettuce already speaks Reactor, so Spring Data's template and serializer layers would add a
 * dependency and an indirection without buying anything. Spring Data Redis itself runs on Lettuce, so an
 * application that uses it has this client on the classpath already.
 * <p>
 * Every multi-key operation is one Lua script, so it is atomic in Redis. All keys of one bot share the
 * configured prefix; to run on Redis Cluster put a hash tag in the prefix (e.g. {@code "{mybot}"}) so the
 * scripts' keys land in one slot.
 * <p>
 * Redis being unreachable is never taken as permission: identifies wait (and report it) until Redis answers
 * again, connected shards keep running by default, and no shard is claimed while the ownership table cannot be
 * read. See {@link dev.shard.cluster.ShardLeaseManager.OutagePolicy} for the trade-off.
 */
package dev.shard.cluster;
