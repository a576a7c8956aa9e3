package dev.shard.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardState;
import dev.shard.gateway.ShutdownMode;

/**
 * {@link ShardControl} over real {@link Shard}s, the way a shard manager is adapted to the lease manager (the
 * {@code shardmgr} branch's ShardManager replaces this once it lands).
 */
final class CoreShardControl implements ShardControl {

	private final ShardConfig config;

	private final int totalShards;

	private final IdentifyRateLimiter limiter;

	final Map<Integer, Shard> shards = new ConcurrentHashMap<>();

	CoreShardControl(ShardConfig config, int totalShards, IdentifyRateLimiter limiter) {
		this.config = config;
		this.totalShards = totalShards;
		this.limiter = limiter;
	}

	@Override
	public Mono<Void> start(int shardId, Optional<SessionInfo> session) {
		return Mono.fromRunnable(() -> {
			Shard shard = new Shard(shardId, this.totalShards, this.config, this.limiter);
			session.ifPresent(shard::resumeFrom);
			this.shards.put(shardId, shard);
			shard.run((dispatch) -> {
			}).subscribe(null, (ex) -> {
			});
		});
	}

	@Override
	public Mono<Void> stop(int shardId, ShutdownMode mode) {
		Shard shard = this.shards.get(shardId);
		// as ShardManager.releaseShard: the final checkpoint is taken after the buffer delivered what it received
		return (shard != null) ? shard.shutdown(mode).then(shard.drained()) : Mono.empty();
	}

	@Override
	public Optional<SessionInfo> session(int shardId) {
		Shard shard = this.shards.get(shardId);
		return (shard != null) ? shard.session() : Optional.empty();
	}

	/** Shards of this instance that are connected and not stopped. */
	long connected() {
		return this.shards.values().stream().filter((s) -> s.state() == ShardState.CONNECTED).count();
	}

	boolean isConnected(int shardId) {
		Shard shard = this.shards.get(shardId);
		return shard != null && shard.state() == ShardState.CONNECTED;
	}

	/** The process "dies": every connection closes, nothing is released or checkpointed. */
	void killAll() {
		this.shards.values().forEach((s) -> s.shutdown(ShutdownMode.RESUMABLE).subscribe(null, (ex) -> {
		}));
	}

}
