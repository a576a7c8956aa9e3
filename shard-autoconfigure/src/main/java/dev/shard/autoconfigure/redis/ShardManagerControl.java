package dev.shard.autoconfigure.redis;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.cluster.ShardControl;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShutdownMode;

/**
 * The auto-configured {@link ShardManager} (built {@link ShardManager.Builder#managedExternally() managed
 * externally}) as the {@link ShardControl} the lease manager drives: a claimed shard is started in it, resuming the
 * saved session; a released or lost one is closed resumably and leaves it.
 */
final class ShardManagerControl implements ShardControl {

	private static final Log logger = LogFactory.getLog(ShardManagerControl.class);

	private final GatewayShards shards;

	/** Sessions of shards handed over, for the lease manager's final checkpoint after the stop. */
	private final Map<Integer, SessionInfo> handedOver = new ConcurrentHashMap<>();

	ShardManagerControl(GatewayShards shards) {
		this.shards = shards;
	}

	@Override
	public Mono<Void> start(int shardId, Optional<SessionInfo> session) {
		return Mono.defer(() -> {
			ShardManager manager = requireManager();
			this.handedOver.remove(shardId);
			// Completes once the shard object runs; connecting (and waiting for an identify slot) goes on behind.
			return manager.resolved().then(Mono.fromRunnable(() -> manager.startShard(shardId, session.orElse(null))
				.subscribe(null, (ex) -> logger.warn("Shard " + shardId + " could not start: " + ex.getMessage()))));
		});
	}

	@Override
	public Mono<Void> stop(int shardId, ShutdownMode mode) {
		return Mono.defer(() -> {
			ShardManager manager = this.shards.manager().orElse(null);
			if (manager == null) {
				return Mono.empty();
			}
			if (mode == ShutdownMode.FINAL) {
				return manager.stopShard(shardId, mode);
			}
			return manager.releaseShard(shardId).doOnNext((session) -> this.handedOver.put(shardId, session)).then();
		});
	}

	@Override
	public Mono<Void> reshard(int totalShards) {
		return Mono.defer(() -> requireManager().reshard(totalShards, "the instances' shard layout moved on"));
	}

	@Override
	public Mono<Void> adoptShardCount(int totalShards) {
		return Mono.defer(() -> {
			ShardManager manager = requireManager();
			return manager.resolved().then(Mono.fromRunnable(() -> manager.adoptShardCount(totalShards)));
		});
	}

	@Override
	public Optional<SessionInfo> session(int shardId) {
		Optional<SessionInfo> running = this.shards.shard(shardId).flatMap(Shard::session);
		return running.isPresent() ? running : Optional.ofNullable(this.handedOver.get(shardId));
	}

	private ShardManager requireManager() {
		return this.shards.manager()
			.orElseThrow(() -> new IllegalStateException("The Discord gateway has not started its shard manager"));
	}

}
