package dev.shard.autoconfigure;

import reactor.core.publisher.Mono;

/**
 * Decides a re-shard for processes that share the bot's shards: with {@code discord.gateway.coordination=redis}
 * the shard layout in Redis, which every instance then follows. Without one, each process's shard manager
 * re-shards on its own ({@code ShardManager.reshard}). The actuator endpoint's {@code reshard} operation and the
 * 4011 trigger go through it when there is one.
 */
@FunctionalInterface
public interface ReshardCoordinator {

	/**
	 * Move the bot to {@code totalShards} shards.
	 * @param totalShards the new shard count
	 * @param cause why, for the logs
	 * @return completes once decided (the instances switch after it); errors with the reason if refused
	 */
	Mono<Void> requestReshard(int totalShards, String cause);

}
