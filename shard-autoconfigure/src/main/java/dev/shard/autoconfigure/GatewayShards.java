package dev.shard.autoconfigure;

import java.util.List;
import java.util.Optional;

import dev.shard.gateway.DiscoveryStatus;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardManager;

import org.springframework.context.SmartLifecycle;

/**
 * The shards this process runs, as the application context starts and stops them: what health, metrics, the
 * actuator endpoint and the application read. The {@link ShardManager} itself is not a bean: it is built when the
 * context starts, once every listener is known (they decide the intents with {@code discord.gateway.intents=auto}),
 * so it is reached through {@link #manager()}.
 */
public interface GatewayShards {

	/**
	 * The {@link SmartLifecycle} phase in which the shards start and stop: after a web server has started
	 * ({@code DEFAULT_PHASE - 2048}), before its graceful shutdown begins.
	 */
	int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	/**
	 * The shard manager, once the application has started it.
	 * @return the manager, empty before the start
	 */
	Optional<ShardManager> manager();

	/**
	 * The shards of this process.
	 * @return the shards ascending by id, empty until started and during discovery
	 */
	List<Shard> shards();

	/**
	 * One shard of this process.
	 * @param shardId the shard id
	 * @return the shard, if this process runs it
	 */
	Optional<Shard> shard(int shardId);

	/**
	 * The number of shard ids this process runs.
	 * @return the number, 0 until known
	 */
	int expectedShards();

	/**
	 * The bot's total shard count.
	 * @return the count, 0 before it is known
	 */
	int totalShards();

	/**
	 * Where gateway discovery ({@code GET /gateway/bot}) stands for the current manager.
	 * @return its status, {@link DiscoveryStatus#NOT_USED} before the start or without discovery
	 */
	DiscoveryStatus discoveryStatus();

	/**
	 * The identify limiter the shards share.
	 * @return the limiter
	 */
	IdentifyRateLimiter identifyLimiter();

	/**
	 * Whether this process runs no shard on purpose (see {@link #markStandby()}).
	 * @return whether {@link #markStandby()} was called and this process still runs no shard
	 */
	boolean isStandby();

	/**
	 * Declare that this process owns no shard on purpose: a cluster member standing by (more instances than shards)
	 * whose claim round gave it nothing. Readiness then does not wait for shards and health is UP (with a
	 * {@code standby} detail); once it takes a shard over, {@link #isStandby()} is false again. Called by the
	 * cluster coordination ({@code discord.gateway.coordination=redis}).
	 */
	void markStandby();

}
