package dev.shard.gateway;

import java.nio.charset.StandardCharsets;

import dev.shard.gateway.internal.Redaction;
import org.slf4j.Logger;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every part of one shard shares and never changes: who it is, its configuration, its logger (one per shard,
 * {@code dev.shard.gateway.Shard.<id>}) and its observer. Holds the token (inside {@code config}): never exposed.
 *
 * @param shardId the shard id
 * @param totalShards the shard count
 * @param config the configuration
 * @param log the shard's logger
 * @param mapper the configuration's JSON mapper
 * @param observer the configuration's observer
 * @param identifyLimiter the limiter this shard identifies through
 */
record ShardContext(int shardId, int totalShards, ShardConfig config, Logger log, JsonMapper mapper,
		ShardObserver observer, IdentifyRateLimiter identifyLimiter) {

	/** Logs a frame at TRACE ({@code <<} in, {@code >>} out), tokens masked, long frames cut. */
	void trace(String direction, byte[] json) {
		if (this.log.isTraceEnabled()) {
			String s = Redaction.mask(new String(json, StandardCharsets.UTF_8));
			this.log.trace("Shard {} {} {}", this.shardId, direction,
					(s.length() > 2000) ? s.substring(0, 2000) + "...(" + json.length + " bytes)" : s);
		}
	}

	@Override
	public String toString() {
		return "ShardContext[" + this.shardId + "/" + this.totalShards + "]";
	}

}
