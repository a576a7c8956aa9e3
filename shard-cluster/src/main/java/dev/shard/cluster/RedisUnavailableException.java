package dev.shard.cluster;

import dev.shard.gateway.GatewayException;

/**
 * Redis could not be reached or did not answer in time. Cluster coordination refuses to guess: an identify is
 * deferred rather than sent without the cluster-wide limiter.
 */
public class RedisUnavailableException extends GatewayException {

	public RedisUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
