package dev.shard.gateway;

import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * Where shards' sessions are kept between runs, so that a restarted process resumes them instead of identifying
 * again (<a href="https://discord.com/developers/docs/events/gateway#resuming">Resuming</a>): no
 * {@code session_start_limit} spent, and the events of the gap replayed by Discord.
 * <p>
 * A store keeps one {@link SessionInfo} per shard id: session id, resume URL, the last sequence <em>delivered</em>,
 * the shard id, shard count and intents it belongs to, and when it was saved. It only keeps them: whether a loaded
 * session is resumed (same shard count and intents, younger than
 * {@link ShardConfig#sessionResumeWindow()}) is decided by the {@link ShardManager} that loads it, which says in
 * its log why it identifies instead.
 * <p>
 * Implementations in this library: {@link InMemorySessionStore} (in this JVM), {@link FileSessionStore} (a
 * directory, with a lock per shard), and in other modules a Redis and a JDBC store. Methods may block only on a
 * scheduler meant for it (e.g. {@code Schedulers.boundedElastic()}); callers never block on them from an event loop.
 */
public interface SessionStore {

	/**
	 * The saved session of a shard.
	 * @param shardId the shard
	 * @return the session, or empty if none is saved; an error ({@link SessionStoreException}) if what is saved
	 * cannot be read (the caller identifies and logs why)
	 */
	Mono<Optional<SessionInfo>> load(int shardId);

	/**
	 * Save a shard's session, replacing the one saved before. A store that fences writes refuses one whose token is
	 * older than the stored one's; a store that does not ignores the token.
	 * @param shardId the shard
	 * @param session what to save ({@link SessionInfo#savedAt()} set by the store if {@code null})
	 * @param fencingToken the writer's ownership token (0 without one)
	 * @return {@code true} if written, {@code false} if refused because a newer owner wrote it
	 */
	Mono<Boolean> save(int shardId, SessionInfo session, long fencingToken);

	/**
	 * Forget a shard's session (its session ended), unless a newer owner wrote it.
	 * @param shardId the shard
	 * @param fencingToken the writer's ownership token (0 without one)
	 * @return {@code true} if deleted (or there was none), {@code false} if refused
	 */
	Mono<Boolean> delete(int shardId, long fencingToken);

	/**
	 * Take the exclusive right to resume and save a shard's session in this process, so that two live processes
	 * never resume one session (in a rolling deploy the new process waits until the old one has released the
	 * shard, with its final checkpoint written). Stores whose owner is decided elsewhere (e.g. by leases) grant it
	 * at once.
	 * @param shardId the shard
	 * @param wait how long to wait for another holder to release it
	 * @return the lock, or empty if it was still held by another process after {@code wait}
	 */
	default Mono<SessionLock> lock(int shardId, Duration wait) {
		return Mono.just(SessionLock.NONE);
	}

	/** What and where the store is, for logs, health and the actuator endpoint (never a secret). */
	default String description() {
		return getClass().getSimpleName();
	}

	/** A shard's lock, held until {@link #release()}. */
	interface SessionLock {

		/** The lock of a store without locks. */
		SessionLock NONE = () -> {
		};

		/** Release the lock (idempotent). */
		void release();

	}

}
