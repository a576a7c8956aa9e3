package dev.shard.autoconfigure.redis;

import java.util.List;

import io.lettuce.core.RedisURI;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * The Lettuce URI of Spring Boot's Redis connection ({@link DataRedisConnectionDetails}): a single node or Sentinel,
 * with the database and credentials. Cluster and master/replica connections, and SSL bundles, cannot be followed
 * (the coordination's scripts need one primary); they fail start-up asking for {@code discord.gateway.redis.uri}.
 */
final class DataRedisConnections {

	static final String DETAILS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

	private static final String PROPERTY = "discord.gateway.redis.uri";

	private DataRedisConnections() {
	}

	static RedisURI redisUri(DataRedisConnectionDetails details) {
		if (details.getSslBundle() != null) {
			throw unsupported("an SSL bundle");
		}
		if (details.getCluster() != null) {
			throw unsupported("Redis Cluster");
		}
		if (details.getMasterReplica() != null) {
			throw unsupported("master/replica");
		}
		RedisURI.Builder builder;
		DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
		if (sentinel != null) {
			List<DataRedisConnectionDetails.Node> nodes = sentinel.getNodes();
			DataRedisConnectionDetails.Node first = nodes.get(0);
			builder = (sentinel.getPassword() != null)
					? RedisURI.Builder.sentinel(first.host(), first.port(), sentinel.getMaster(),
							sentinel.getPassword())
					: RedisURI.Builder.sentinel(first.host(), first.port(), sentinel.getMaster());
			for (DataRedisConnectionDetails.Node node : nodes.subList(1, nodes.size())) {
				builder.withSentinel(node.host(), node.port());
			}
			builder.withDatabase(sentinel.getDatabase());
		}
		else {
			DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
			builder = RedisURI.Builder.redis(standalone.getHost(), standalone.getPort())
				.withDatabase(standalone.getDatabase());
		}
		String password = details.getPassword();
		if (password != null) {
			String username = details.getUsername();
			if (username != null) {
				builder.withAuthentication(username, password);
			}
			else {
				builder.withPassword(password.toCharArray());
			}
		}
		return builder.build();
	}

	private static InvalidConfigurationPropertyValueException unsupported(String what) {
		return new InvalidConfigurationPropertyValueException(PROPERTY, null,
				"The application's Redis connection uses " + what + ", which the Discord coordination cannot follow; "
						+ "set discord.gateway.redis.uri to a single node (redis:// or rediss://) or Sentinel URI.");
	}

}
