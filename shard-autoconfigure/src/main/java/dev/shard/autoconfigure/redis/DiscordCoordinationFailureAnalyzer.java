package dev.shard.autoconfigure.redis;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code discord.gateway.coordination} that cannot be honoured and what to change.
 */
class DiscordCoordinationFailureAnalyzer extends AbstractFailureAnalyzer<DiscordCoordinationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DiscordCoordinationException cause) {
		if (cause.isLettuceMissing()) {
			return new FailureAnalysis("Redis coordination of the Discord shards is requested "
					+ "(discord.gateway.coordination=redis), but shard-cluster (or the Lettuce it brings) is not on the classpath. Without it every "
					+ "instance would run its shards uncoordinated: duplicate connections and identifies over the "
					+ "rate limit.",
					"Add dev.shard:shard-cluster (it brings io.lettuce:lettuce-core), or remove "
							+ "discord.gateway.coordination (or set it to none) to run without coordination.",
					cause);
		}
		return new FailureAnalysis(
				"discord.gateway.coordination has the unknown value '" + cause.value() + "'.",
				"Set discord.gateway.coordination to 'redis' (shards coordinated across instances through Redis) "
						+ "or 'none' (the default: each instance runs discord.gateway.shards.ids on its own).",
				cause);
	}

}
