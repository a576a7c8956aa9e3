package dev.shard.autoconfigure.redis;

import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.shard.cluster.ClusterRedisClient;
import dev.shard.cluster.RedisIdentifyRateLimiter;
import dev.shard.cluster.RedisSessionStore;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.SessionCheckpointer;

/**
 * Scale-out on Redis, active when shard-cluster (and its Lettuce) is on the classpath and {@code discord.gateway.coordination=redis}:
 * the Redis client, a cluster-wide {@link IdentifyRateLimiter} and session checkpoints. Runs before the gateway
 * auto-configuration so its limiter is the one the shards use. The shard leases that drive the gateway's shards
 * are configured after it, by {@link DiscordRedisLeaseAutoConfiguration}.
 */
@AutoConfiguration(beforeName = "dev.shard.autoconfigure.DiscordAutoConfiguration")
@ConditionalOnClass({ RedisClient.class, ClusterRedisClient.class })
@ConditionalOnProperty(name = "discord.gateway.coordination", havingValue = "redis")
@EnableConfigurationProperties(DiscordRedisProperties.class)
public final class DiscordRedisAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ClusterRedisClient discordClusterRedisClient(DiscordRedisProperties properties) {
		String uri = properties.uri();
		return ClusterRedisClient.create((uri != null) ? uri : DiscordRedisProperties.DEFAULT_URI,
				properties.commandTimeout());
	}

	/**
	 * With Spring Boot's Redis support on the classpath, an unset {@code discord.gateway.redis.uri} means the
	 * application's own Redis connection ({@code spring.data.redis.*}, or a Docker Compose or Testcontainers service
	 * connection), so one setting serves both. The explicit property still wins.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = DataRedisConnections.DETAILS)
	static class DataRedisConnectionConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		ClusterRedisClient discordClusterRedisClientOfDataRedis(DiscordRedisProperties properties,
				ObjectProvider<DataRedisConnectionDetails> details) {
			String uri = properties.uri();
			DataRedisConnectionDetails connection = details.getIfAvailable();
			if (uri != null || connection == null) {
				return ClusterRedisClient.create((uri != null) ? uri : DiscordRedisProperties.DEFAULT_URI,
						properties.commandTimeout());
			}
			return ClusterRedisClient.create(DataRedisConnections.redisUri(connection), properties.commandTimeout());
		}

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

}
