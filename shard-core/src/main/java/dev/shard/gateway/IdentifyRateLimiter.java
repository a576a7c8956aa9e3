package dev.shard.gateway;

import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * Paces IDENTIFY across every shard of one bot: at most one identify per rate-limit bucket
 * ({@code shardId % maxConcurrency}) per window, and never past the daily session-start budget. One instance is
 * shared by all shards of a bot (a cluster-wide implementation can coordinate several processes). Resumes never
 * go through it.
 */
public interface IdentifyRateLimiter {

	/**
	 * Wait for this shard's turn to identify. The returned {@code Mono} emits when the shard may send IDENTIFY
	 * now; cancelling the subscription leaves the queue. It errors with
	 * {@link SessionStartLimitExhaustedException} when the daily budget is spent.
	 * @param shardId the shard that wants to identify
	 * @return a permit, emitted when the identify may be sent
	 */
	Mono<IdentifyPermit> acquire(int shardId);

	/**
	 * Told by the shard once per permit whose IDENTIFY it wrote, as soon as the outcome is known on its side: READY,
	 * INVALID_SESSION, or the connection ending before either. Discord starts a bucket's window when an IDENTIFY
	 * arrives, which is before this moment, whatever the time from permit to socket (event-loop queue, a cold JVM)
	 * and from socket to the server's clock (network, the server's own queue) was; a limiter that restarts the
	 * bucket's window here paces what the server sees rather than when it said yes. The default ignores it.
	 * @param permit the permit the IDENTIFY was sent under
	 */
	default void identifySettled(IdentifyPermit permit) {
	}

	/**
	 * Told by the shard instead of {@link #identifySettled} when a permit's IDENTIFY was never sent: the connection
	 * ended first, or {@link #isValid} said the permit had expired. Only an IDENTIFY that was sent spends a session
	 * start, so a limiter that counts the budget gives this one back (if the budget has not been reset since the
	 * grant). The default treats it as settled, which never lets a bucket go early.
	 * @param permit the permit that was not used
	 */
	default void identifyAbandoned(IdentifyPermit permit) {
		identifySettled(permit);
	}

	/** Seed or refresh the budget and bucket count, e.g. from {@code GET /gateway/bot}. */
	default void updateSessionStartLimit(SessionStartLimit limit) {
	}

	/** The budget as currently known, if any. */
	default Optional<SessionStartLimit> sessionStartLimit() {
		return Optional.empty();
	}

	/**
	 * Whether a permit from {@link #acquire(int)} may still be used, checked by the shard right before it sends
	 * IDENTIFY. A cluster-wide limiter answers false when the permit's slot has passed (the process was paused
	 * between grant and send) or a newer slot of its bucket was granted; the shard then asks for a new permit.
	 * Must be cheap and local (it runs on the I/O thread).
	 * @param permit a permit this limiter handed out
	 * @return whether sending IDENTIFY now stays within the permit's slot
	 */
	default boolean isValid(IdentifyPermit permit) {
		return true;
	}

	/** Whether the daily budget is known to be spent (the health check shows it). */
	default boolean isExhausted() {
		return false;
	}

	/**
	 * Handed out by {@link #acquire(int)}. Holds the slot's fencing token for cluster-wide limiters.
	 *
	 * @param shardId the shard it was granted to
	 * @param bucket the rate-limit bucket
	 * @param fencingToken a monotonically increasing token for the window (0 when not applicable)
	 */
	record IdentifyPermit(int shardId, int bucket, long fencingToken) {
	}

}
