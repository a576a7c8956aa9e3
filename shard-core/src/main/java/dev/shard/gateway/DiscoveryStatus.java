package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the {@link ShardManager}'s gateway discovery ({@code GET /gateway/bot}) stands: what health checks show while
 * the shards cannot start yet.
 *
 * @param state the state
 * @param attempts failed attempts of the current (or last) round of calls
 * @param lastError a description of the last failure (never the token), or {@code null}
 * @param nextAttemptAt when the next attempt is due while {@link State#RETRYING}, else {@code null}
 * @param resolvedAt when discovery first answered, or {@code null}
 */
public record DiscoveryStatus(State state, long attempts, String lastError, Instant nextAttemptAt,
		Instant resolvedAt) {

	/** No discovery: the shard count and URL are configured (or the manager has not started). */
	public static final DiscoveryStatus NOT_USED = new DiscoveryStatus(State.NOT_USED, 0, null, null, null);

	/**
	 * The time until the next attempt, if one is due.
	 * @param now the current time
	 * @return the wait, zero if overdue
	 */
	public Optional<Duration> nextAttemptIn(Instant now) {
		if (this.nextAttemptAt == null) {
			return Optional.empty();
		}
		Duration wait = Duration.between(now, this.nextAttemptAt);
		return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
	}

	/**
	 * The status as health or endpoint details: {@code state} (lower case), {@code attempts}, {@code lastError},
	 * {@code nextAttemptIn} and {@code resolvedAt} when known.
	 * @param now the current time
	 * @return the details, in that order
	 */
	public Map<String, Object> details(Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", this.state.name().toLowerCase(Locale.ROOT));
		details.put("attempts", this.attempts);
		if (this.lastError != null) {
			details.put("lastError", this.lastError);
		}
		nextAttemptIn(now).ifPresent((wait) -> details.put("nextAttemptIn", wait.toString()));
		if (this.resolvedAt != null) {
			details.put("resolvedAt", this.resolvedAt.toString());
		}
		return details;
	}

	/** Whether the shards cannot start because discovery has not answered yet or failed for good. */
	public boolean blocksStartUp() {
		return this.resolvedAt == null && (this.state == State.RETRYING || this.state == State.FAILED);
	}

	/** Discovery states. */
	public enum State {

		/** Not used (see {@link DiscoveryStatus#NOT_USED}). */
		NOT_USED,

		/** The first call is under way. */
		PENDING,

		/** Calls failed and are being retried (with backoff, without limit). */
		RETRYING,

		/** Discovery answered; the shards were started from it. */
		RESOLVED,

		/** Stopped for good: the token was rejected (401). */
		FAILED

	}

}
