package dev.shard.autoconfigure.redis;

import java.util.Set;

import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.shard.cluster.ClusterRedisClient;
import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.RedisSessionStore;
import dev.shard.cluster.SessionCheckpointer;
import dev.shard.cluster.ShardControl;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.gateway.IdentifyRateLimiter;

/**
 * Scale-out on Redis, active when Lettuce is on the classpath and {@code discord.gateway.coordination=redis}:
 * a cluster-wide {@link IdentifyRateLimiter}, session checkpoints and, when a {@link ShardControl} bean exists
 * (the shard manager adapted to it), shard leases with failover. Runs before the gateway auto-configuration so
 * its limiter is the one the shards use.
 */
@AutoConfiguration(beforeName = "dev.shard.autoconfigure.DiscordAutoConfiguration")
@ConditionalOnClass(RedisClient.class)
@ConditionalOnProperty(name = "discord.gateway.coordination", havingValue = "redis")
@EnableConfigurationProperties(DiscordRedisProperties.class)
public final class DiscordRedisAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ClusterRedisClient discordClusterRedisClient(DiscordRedisProperties properties) {
		return ClusterRedisClient.create(properties.uri(), properties.commandTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(IdentifyRateLimiter.class)
	RedisIdentifyRateLimiter redisIdentifyRateLimiter(ClusterRedisClient redis, DiscordRedisProperties properties) {
		return RedisIdentifyRateLimiter.builder(redis, properties.keyPrefix())
			.window(properties.identify().window())
			.sendMargin(properties.identify().sendMargin())
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RedisSessionStore redisSessionStore(ClusterRedisClient redis, DiscordRedisProperties properties) {
		return new RedisSessionStore(redis, properties.keyPrefix(), properties.session().ttl());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SessionCheckpointer sessionCheckpointer(RedisSessionStore store, DiscordRedisProperties properties) {
		return new SessionCheckpointer(store, properties.session().checkpointInterval(),
				properties.session().checkpointEvery());
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterStatus discordClusterStatus(ClusterRedisClient redis, ObjectProvider<IdentifyRateLimiter> limiter,
			SessionCheckpointer checkpointer, ObjectProvider<ShardLeaseManager> leases) {
		RedisIdentifyRateLimiter redisLimiter = (limiter.getIfAvailable() instanceof RedisIdentifyRateLimiter r) ? r
				: null;
		return new ClusterStatus(redis, redisLimiter, checkpointer, leases.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ShardControl.class)
	@ConditionalOnBooleanProperty(name = "discord.gateway.redis.lease.enabled", matchIfMissing = true)
	static class LeaseConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ShardLeaseManager shardLeaseManager(ClusterRedisClient redis, DiscordRedisProperties properties,
				ShardControl control, RedisSessionStore store, SessionCheckpointer checkpointer) {
			DiscordRedisProperties.Lease lease = properties.lease();
			if (lease.totalShards() == null) {
				throw new IllegalStateException(
						"discord.gateway.redis.lease.total-shards is required for shard leases");
			}
			ShardLeaseManager.Builder builder = ShardLeaseManager
				.builder(redis, properties.keyPrefix(), control, lease.totalShards())
				.leaseTtl(lease.ttl())
				.outagePolicy(lease.outagePolicy())
				.sessionStore(store)
				.checkpointer(checkpointer);
			if (lease.renewInterval() != null) {
				builder.renewInterval(lease.renewInterval());
			}
			if (lease.instanceId() != null) {
				builder.instanceId(lease.instanceId());
			}
			Set<Integer> shards = lease.shards();
			if (!shards.isEmpty()) {
				builder.shards(shards);
			}
			return builder.build();
		}

		@Bean
		ShardLeaseLifecycle shardLeaseLifecycle(ShardLeaseManager manager) {
			return new ShardLeaseLifecycle(manager);
		}

	}

	/** Starts claiming once the context is up; on shutdown hands the shards over resumably and releases leases. */
	static final class ShardLeaseLifecycle implements SmartLifecycle {

		private final ShardLeaseManager manager;

		ShardLeaseLifecycle(ShardLeaseManager manager) {
			this.manager = manager;
		}

		@Override
		public void start() {
			this.manager.start();
		}

		@Override
		public void stop() {
			this.manager.stop().block(this.manager.leaseTtl().multipliedBy(2));
		}

		@Override
		public boolean isRunning() {
			return this.manager.isRunning();
		}

	}

}
