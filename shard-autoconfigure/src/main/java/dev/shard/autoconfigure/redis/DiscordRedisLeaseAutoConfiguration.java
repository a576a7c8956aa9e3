package dev.shard.autoconfigure.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordProperties;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ReshardCoordinator;
import dev.shard.autoconfigure.ShardManagerCustomizer;
import dev.shard.cluster.ClusterRedisClient;
import dev.shard.cluster.RedisSessionStore;
import dev.shard.cluster.ShardControl;
import dev.shard.cluster.ShardLeaseManager;
import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.ShardSelection;
import dev.shard.gateway.ShardSink;

/**
 * Shard ownership by Redis leases ({@code discord.gateway.coordination=redis}, on unless
 * {@code discord.gateway.redis.lease.enabled=false}). With the gateway auto-configured, its shard manager is built
 * {@link dev.shard.gateway.ShardManager.Builder#managedExternally() managed externally} and adapted to the
 * {@link ShardControl} the {@link ShardLeaseManager} drives: this instance runs exactly the shards it holds leases
 * for, resumes the saved session of every shard it takes over, and hands its shards over on shutdown. A
 * {@link ShardControl} bean of the application's own is used instead when there is one.
 */
@AutoConfiguration(after = { DiscordAutoConfiguration.class, DiscordRedisAutoConfiguration.class })
@ConditionalOnClass({ RedisClient.class, ClusterRedisClient.class })
@ConditionalOnProperty(name = "discord.gateway.coordination", havingValue = "redis")
@ConditionalOnBooleanProperty(name = "discord.gateway.redis.lease.enabled", matchIfMissing = true)
@ConditionalOnBean(ClusterRedisClient.class)
public final class DiscordRedisLeaseAutoConfiguration {

	DiscordRedisLeaseAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(GatewayShards.class)
	static class GatewayControlConfiguration {

		@Bean
		@ConditionalOnMissingBean(ShardControl.class)
		ShardManagerControl discordShardManagerControl(GatewayShards shards) {
			return new ShardManagerControl(shards);
		}

		/**
		 * Hands the manager's shards to the leases and counts dispatches for the every-N-events checkpoints.
		 * Ordered last so the leases decide whatever another customizer set.
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		@ConditionalOnBean(ShardManagerControl.class)
		ShardManagerCustomizer discordLeaseShardManagerCustomizer(DiscordRedisProperties properties,
				DiscordProperties gateway, SessionCheckpointer checkpointer) {
			LeaseSettings settings = LeaseSettings.resolve(properties.lease(), gateway);
			return (builder) -> {
				builder.managedExternally()
					.sinkDecorator((shardId, sink) -> countingForCheckpoints(shardId, sink, checkpointer));
				if (settings.totalShards() > 0) {
					builder.totalShards(settings.totalShards());
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnShardControlCondition.class)
	static class LeaseConfiguration {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		ShardLeaseManager shardLeaseManager(ClusterRedisClient redis, DiscordRedisProperties properties,
				ObjectProvider<DiscordProperties> gateway, ShardControl control, RedisSessionStore store,
				SessionCheckpointer checkpointer) {
			DiscordRedisProperties.Lease lease = properties.lease();
			DiscordProperties discord = gateway.getIfAvailable();
			LeaseSettings settings = LeaseSettings.resolve(lease, discord);
			ShardLeaseManager.Builder builder = ShardLeaseManager
				.builder(redis, properties.keyPrefix(), control, settings.totalShards())
				.leaseTtl(lease.ttl())
				.outagePolicy(lease.outagePolicy())
				.sessionStore(store)
				.checkpointer(checkpointer);
			if (discord != null) {
				// a hand-over waits for the shard's buffer to drain (three quarters of this), then checkpoints
				builder.releaseTimeout(discord.gateway().shutdownTimeout());
			}
			if (lease.renewInterval() != null) {
				builder.renewInterval(lease.renewInterval());
			}
			if (lease.instanceId() != null) {
				builder.instanceId(lease.instanceId());
			}
			if (!settings.shards().isEmpty()) {
				builder.shards(settings.shards());
			}
			// Stopped (handing the shards over) by RedisShardCoordination, not by bean destruction: after a halt
			// nothing may be released.
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		RedisShardCoordination redisShardCoordination(ShardLeaseManager leases, ObjectProvider<GatewayShards> shards,
				ObjectProvider<ShardControl> control, DiscordRedisProperties properties,
				ObjectProvider<DiscordProperties> discord) {
			// Only the gateway's own control needs its manager to exist before claiming.
			GatewayShards gateway = (control.getIfAvailable() instanceof ShardManagerControl) ? shards.getIfAvailable()
					: null;
			Duration timeout = discord.getIfAvailable() != null ? discord.getObject().gateway().shutdownTimeout()
					: properties.lease().ttl().multipliedBy(2);
			RedisShardCoordination.Triggers triggers = RedisShardCoordination.Triggers.NONE;
			if (gateway != null) {
				DiscordProperties.Gateway settings = discord.getObject().gateway();
				boolean auto = LeaseSettings.resolve(properties.lease(), discord.getObject()).totalShards() == 0;
				boolean resharding = settings.resharding().enabled();
				triggers = new RedisShardCoordination.Triggers(auto, resharding,
						(resharding && auto) ? settings.resharding().checkInterval() : null);
			}
			return new RedisShardCoordination(leases, gateway, timeout, triggers);
		}

		/** Re-shards decided for all instances: the endpoint's and the 4011 trigger's go to the shared layout. */
		@Bean
		@ConditionalOnMissingBean
		ReshardCoordinator discordReshardCoordinator(ShardLeaseManager leases) {
			return (total, cause) -> leases.requestReshard(total, cause).then();
		}

	}

	/**
	 * A {@link ShardControl} of the application's own, or the gateway (whose control this class defines: a
	 * condition on that bean would depend on the order the member classes are registered in).
	 */
	static final class OnShardControlCondition extends AnyNestedCondition {

		OnShardControlCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(ShardControl.class)
		static final class ApplicationControl {

		}

		@ConditionalOnBean(GatewayShards.class)
		static final class Gateway {

		}

	}

	static ShardSink countingForCheckpoints(int shardId, ShardSink sink, SessionCheckpointer checkpointer) {
		return checkpointer.counting(shardId, sink);
	}

	/**
	 * The shard count and claimed shards of the leases: {@code discord.gateway.redis.lease.*} first, else the
	 * gateway's {@code discord.gateway.shards.total} and {@code .ids} (a fixed set unless {@code all}).
	 *
	 * @param totalShards the bot's shard count, 0 with {@code discord.gateway.shards.total=auto} (the count the shard
	 * manager resolves, unless the instances' layout in Redis has another)
	 * @param shards the shards this instance claims; empty for an even share
	 */
	record LeaseSettings(int totalShards, Set<Integer> shards) {

		static LeaseSettings resolve(DiscordRedisProperties.Lease lease, @Nullable DiscordProperties discord) {
			DiscordProperties.Shards gateway = (discord != null) ? discord.gateway().shards() : null;
			OptionalInt gatewayTotal = (gateway != null) ? gateway.determineTotal() : OptionalInt.empty();
			Integer total = lease.totalShards();
			if (total == null) {
				if (gatewayTotal.isEmpty()) {
					if (gateway == null || !gateway.determineIds().isAll() || !lease.shards().isEmpty()) {
						throw new IllegalStateException("Shard leases of fixed shard ids (or without the gateway) "
								+ "need the bot's shard count: set discord.gateway.shards.total (or "
								+ "discord.gateway.redis.lease.total-shards) to a number");
					}
					return new LeaseSettings(0, Set.of());
				}
				total = gatewayTotal.getAsInt();
			}
			else if (gatewayTotal.isPresent() && gatewayTotal.getAsInt() != total) {
				throw new IllegalStateException("discord.gateway.redis.lease.total-shards (" + total
						+ ") differs from discord.gateway.shards.total (" + gatewayTotal.getAsInt() + ")");
			}
			Set<Integer> shards = new TreeSet<>(lease.shards());
			if (shards.isEmpty() && gateway != null) {
				ShardSelection selection = gateway.determineIds();
				if (!selection.isAll()) {
					shards = Arrays.stream(selection.resolve(total))
						.boxed()
						.collect(Collectors.toCollection(TreeSet::new));
				}
			}
			return new LeaseSettings(total, Set.copyOf(shards));
		}

	}

}
