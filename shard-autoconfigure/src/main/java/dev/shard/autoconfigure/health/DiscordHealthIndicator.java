package dev.shard.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.gateway.CloseCode;
import dev.shard.gateway.DiscoveryStatus;
import dev.shard.gateway.FatalCloseException;
import dev.shard.gateway.GatewayException;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.SessionStartLimitExhaustedException;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the shards this process runs (component {@code discord}).
 * <ul>
 * <li>{@code DOWN} when a shard stopped fatally (its close code and reason are in the details), when the daily
 * session-start budget is spent (shards wait for its reset: {@code sessionStartLimitResetsAt}), or while gateway
 * discovery ({@code GET /gateway/bot}) fails at start-up and is retried (details under {@code discovery}: state,
 * attempts, lastError, nextAttemptIn);</li>
 * <li>{@link #DEGRADED} when more than {@code discord.health.max-reconnecting} shards are not connected (between
 * connections, or still connecting);</li>
 * <li>{@code OUT_OF_SERVICE} when every shard was shut down on request (the application is stopping);</li>
 * <li>{@code UNKNOWN} before the shards are started;</li>
 * <li>{@code UP} otherwise.</li>
 * </ul>
 * Details per shard: state, latency, sequence, session age, last close code, reconnect count and buffered events,
 * and with a session store what its start found there ({@code storedSession}: outcome, age, reason).
 * The token is never part of them.
 */
public class DiscordHealthIndicator implements HealthIndicator {

	/**
	 * Some shards are not connected but the bot still works. Ordered between {@code OUT_OF_SERVICE} and {@code UP}
	 * and mapped to HTTP 200 by default (see {@link DiscordHealthStatusEnvironmentPostProcessor}).
	 */
	public static final Status DEGRADED = new Status("DEGRADED", "Some shards are reconnecting");

	private final GatewayShards shards;

	private final int maxReconnecting;

	/**
	 * Create an indicator.
	 * @param shards the shards of this process (and their shared identify limiter, for the session-start budget)
	 * @param maxReconnecting how many shards may be reconnecting while the status stays UP
	 */
	public DiscordHealthIndicator(GatewayShards shards, int maxReconnecting) {
		this.shards = shards;
		this.maxReconnecting = maxReconnecting;
	}

	@Override
	public Health health() {
		List<Shard> current = this.shards.shards();
		Map<String, Object> perShard = new LinkedHashMap<>();
		int connected = 0;
		int reconnecting = 0;
		int shutDown = 0;
		Shard fatal = null;
		boolean exhausted = false;
		Instant blockedUntil = null;
		int waitingForBudget = 0;
		Instant now = Instant.now();
		for (Shard shard : current) {
			ShardState state = shard.state();
			switch (state) {
				case CONNECTED -> connected++;
				case FATALLY_CLOSED -> {
					if (fatal == null) {
						fatal = shard;
					}
				}
				case SHUT_DOWN, DISCONNECTING -> shutDown++;
				default -> reconnecting++;
			}
			if (shard.failure().orElse(null) instanceof SessionStartLimitExhaustedException) {
				exhausted = true;
			}
			Instant until = shard.identifyBlockedUntil().orElse(null);
			if (until != null) {
				exhausted = true;
				waitingForBudget++;
				blockedUntil = (blockedUntil == null || until.isAfter(blockedUntil)) ? until : blockedUntil;
			}
			Map<String, Object> shardDetails = details(shard, now);
			this.shards.manager()
				.flatMap((manager) -> manager.sessionRestore(shard.shardId()))
				.ifPresent((restore) -> shardDetails.put("storedSession", restore.details()));
			perShard.put(String.valueOf(shard.shardId()), shardDetails);
		}
		// Shards the manager has not launched yet (they start window by window) are not connected either.
		int total = Math.max(this.shards.expectedShards(), current.size());
		int pending = total - current.size();
		reconnecting += pending;
		IdentifyRateLimiter limiter = this.shards.identifyLimiter();
		if (limiter.isExhausted()) {
			exhausted = true;
		}
		DiscoveryStatus discovery = this.shards.discoveryStatus();
		Health.Builder builder;
		if (discovery.blocksStartUp()) {
			// no shard can start before /gateway/bot answers: say why, whatever else is known
			builder = Health.down();
		}
		else if (total == 0) {
			builder = this.shards.isStandby() ? Health.up().withDetail("standby", true) : Health.unknown();
		}
		else if (fatal != null || exhausted) {
			builder = Health.down();
			if (fatal != null) {
				builder.withDetail("failedShard", fatal.shardId());
				fatal.lastCloseCode().ifPresent((code) -> builder.withDetail("closeCode", code));
				builder.withDetail("reason", reason(fatal));
			}
			if (exhausted) {
				builder.withDetail("sessionStartLimitExhausted", true);
				Instant resetsAt = (blockedUntil != null) ? blockedUntil
						: limiter.sessionStartLimit().map((limit) -> now.plus(limit.resetAfter())).orElse(null);
				if (resetsAt != null) {
					builder.withDetail("sessionStartLimitResetsAt", resetsAt.toString());
				}
				if (waitingForBudget > 0) {
					builder.withDetail("waitingForSessionStartLimit", waitingForBudget);
				}
			}
		}
		else if (pending == 0 && shutDown == current.size()) {
			builder = Health.outOfService();
		}
		else if (reconnecting > this.maxReconnecting) {
			builder = Health.status(DEGRADED);
		}
		else {
			builder = Health.up();
		}
		builder.withDetail("total", total);
		builder.withDetail("connected", connected);
		builder.withDetail("reconnecting", reconnecting);
		if (pending > 0) {
			builder.withDetail("notStarted", pending);
		}
		limiter.sessionStartLimit().ifPresent((limit) -> builder.withDetail("sessionStartLimit",
				Map.of("total", limit.total(), "remaining", limit.remaining(), "resetAfter",
						limit.resetAfter().toString(), "maxConcurrency", limit.maxConcurrency())));
		if (discovery.state() != DiscoveryStatus.State.NOT_USED) {
			builder.withDetail("discovery", discovery.details(now));
		}
		this.shards.manager()
			.filter(ShardManager::isResharding)
			.ifPresent((manager) -> builder.withDetail("resharding", true));
		builder.withDetail("shards", perShard);
		return builder.build();
	}

	private static Map<String, Object> details(Shard shard, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", shard.state().name());
		shard.latency().ifPresent((latency) -> details.put("latencyMs", latency.toMillis()));
		shard.sequence().ifPresent((sequence) -> details.put("sequence", sequence));
		shard.sessionStartedAt()
			.ifPresent((startedAt) -> details.put("sessionAge", Duration.between(startedAt, now).toString()));
		shard.lastCloseCode().ifPresent((code) -> details.put("lastCloseCode", code));
		details.put("reconnects", shard.reconnectCount());
		details.put("bufferedEvents", shard.bufferedEvents());
		shard.identifyBlockedUntil()
			.ifPresent((until) -> details.put("waitingForSessionStartLimitUntil", until.toString()));
		if (shard.state() == ShardState.FATALLY_CLOSED) {
			details.put("reason", reason(shard));
			shard.failure().ifPresent((failure) -> details.put("error", masked(failure.getMessage(), shard)));
		}
		return details;
	}

	/** Exception messages should never hold the token; make sure of it. */
	static String masked(@Nullable String message, Shard shard) {
		if (message == null) {
			return "";
		}
		return shard.redact(message);
	}

	static String reason(Shard shard) {
		GatewayException failure = shard.failure().orElse(null);
		if (failure instanceof FatalCloseException fatal) {
			CloseCode code = CloseCode.of(fatal.closeCode());
			String name = (code != null) ? code.name() : String.valueOf(fatal.closeCode());
			return (fatal.reason() != null && !fatal.reason().isBlank()) ? name + ": " + fatal.reason() : name;
		}
		if (failure instanceof SessionStartLimitExhaustedException exhausted) {
			return "session start limit exhausted, resets after " + exhausted.resetAfter();
		}
		return (failure != null) ? failure.getClass().getSimpleName() : "unknown";
	}

}
