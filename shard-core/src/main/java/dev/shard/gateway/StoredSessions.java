package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link ShardManager}'s use of a {@link SessionStore}: before a shard starts, take its lock (bounded wait), load
 * its session and decide whether to resume it; while it runs, checkpoint it in the background; when the manager
 * shuts down, write the final checkpoint (resumable) or delete it (final), then release the lock.
 * <p>
 * A shard whose lock another process still held after the wait identifies, and keeps asking for the lock in the
 * background: until it has it, nothing of its is saved, so the other process's final checkpoint is not overwritten
 * by a session it may still be resuming.
 */
final class StoredSessions {

	private static final Logger logger = LoggerFactory.getLogger(ShardManager.class);

	/** How long a shard that gave up waiting keeps asking for its lock in the background. */
	private static final Duration LATE_LOCK_WAIT = Duration.ofDays(365);

	private final SessionStore store;

	private final SessionCheckpointer checkpointer;

	private final Duration lockWait;

	private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();

	StoredSessions(SessionStore store, Duration checkpointInterval, int checkpointEvery, Duration lockWait) {
		this.store = store;
		this.checkpointer = new SessionCheckpointer(store, checkpointInterval, checkpointEvery);
		this.lockWait = lockWait;
	}

	SessionStore store() {
		return this.store;
	}

	SessionCheckpointer checkpointer() {
		return this.checkpointer;
	}

	/** Counts a shard's dispatches for the every-N-events checkpoint. */
	ShardSink wrap(int shardId, ShardSink sink) {
		return this.checkpointer.counting(shardId, sink);
	}

	/**
	 * Lock, load and check a shard's stored session, and start checkpointing it.
	 * @param shardId the shard
	 * @param totalShards the shard count it runs with
	 * @param config its configuration (intents, resume window)
	 * @param sessions the shard's current session at the last delivered sequence (the manager's current shard)
	 * @return the session to resume, or empty to identify; never an error
	 */
	Mono<Optional<SessionInfo>> restore(int shardId, int totalShards, ShardConfig config,
			IntFunction<Optional<SessionInfo>> sessions) {
		Entry entry = this.entries.computeIfAbsent(shardId, Entry::new);
		String where = this.store.description();
		return this.store.lock(shardId, this.lockWait)
			.onErrorResume((ex) -> {
				logger.warn("Shard {}: could not take its session lock in {} ({}); identifying, and not saving its "
						+ "session until it can", shardId, where, ex.getMessage());
				return Mono.empty();
			})
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((lock) -> {
				entry.tracked = this.checkpointer.track(shardId, 0,
						() -> entry.locked() ? sessions.apply(shardId) : Optional.empty());
				if (lock.isEmpty()) {
					entry.restore = new SessionRestore(where, SessionRestore.Outcome.LOCK_TIMEOUT, null, null,
							"another process still held the shard after " + this.lockWait);
					logger.warn("Shard {}: another process still holds its session in {} after {}; identifying a new "
							+ "session (this one is saved once that process releases it)", shardId, where,
							this.lockWait);
					entry.lateLock = this.store.lock(shardId, LATE_LOCK_WAIT).subscribe(entry::locked, (ex) -> {
					});
					return Mono.just(Optional.<SessionInfo>empty());
				}
				entry.locked(lock.get());
				return this.store.load(shardId).map((saved) -> check(entry, saved, totalShards, config))
					.onErrorResume((ex) -> {
						entry.restore = new SessionRestore(where, SessionRestore.Outcome.REJECTED, null, null,
								"unreadable: " + ex.getMessage());
						logger.warn("Shard {}: the stored session is unreadable ({}); identifying", shardId,
								ex.getMessage());
						return Mono.just(Optional.empty());
					});
			});
	}

	private Optional<SessionInfo> check(Entry entry, Optional<SessionInfo> saved, int totalShards,
			ShardConfig config) {
		int shardId = entry.shardId;
		String where = this.store.description();
		if (saved.isEmpty()) {
			entry.restore = new SessionRestore(where, SessionRestore.Outcome.NONE, null, null, "no stored session");
			logger.info("Shard {}: no stored session in {}; identifying", shardId, where);
			return Optional.empty();
		}
		SessionInfo session = saved.get();
		Instant savedAt = session.savedAt();
		Duration age = (savedAt != null) ? Duration.between(savedAt, Instant.now()) : null;
		String reason = session.incompatibility(shardId, totalShards, config.intents()).orElse(null);
		if (reason == null && age != null && age.compareTo(config.sessionResumeWindow()) > 0) {
			reason = "it was saved " + age.toSeconds() + " s ago, longer than sessions stay resumable ("
					+ config.sessionResumeWindow().toSeconds() + " s)";
		}
		if (reason != null) {
			entry.restore = new SessionRestore(where, SessionRestore.Outcome.REJECTED, savedAt, age, reason);
			logger.info("Shard {}: not resuming the stored session: {}; identifying", shardId, reason);
			return Optional.empty();
		}
		entry.restore = new SessionRestore(where, SessionRestore.Outcome.RESTORED, savedAt, age, null);
		logger.info("Shard {}: resuming the session stored in {} at sequence {}{}", shardId, where,
				session.sequence(), (age != null) ? " (saved " + age.toMillis() + " ms ago)" : "");
		return saved;
	}

	/**
	 * After a re-shard's switch: the shards that left the layout end their stored sessions (deleted, lock released);
	 * those of the new layout are locked (if not held already) and checkpointed now, so the store holds the new
	 * layout's sessions (a session of the old count would not be resumed anyway).
	 */
	Mono<Void> rebind(int fromTotal, List<Integer> shardIds, int totalShards,
			IntFunction<Optional<SessionInfo>> sessions) {
		List<Mono<Void>> work = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			if (!shardIds.contains(entry.shardId)) {
				work.add(Mono.defer(() -> finish(entry, ShutdownMode.FINAL, sessions))
					.doFinally((signal) -> entry.release()));
				this.entries.remove(entry.shardId, entry);
			}
		}
		for (int id : shardIds) {
			Entry existing = this.entries.get(id);
			if (existing != null && existing.locked() && existing.tracked != null) {
				existing.tracked.trigger();
				continue;
			}
			Entry entry = new Entry(id);
			this.entries.put(id, entry);
			work.add(this.store.lock(id, this.lockWait).doOnNext(entry::locked).then(Mono.fromRunnable(() -> {
				entry.tracked = this.checkpointer.track(id, 0,
						() -> entry.locked() ? sessions.apply(id) : Optional.empty());
				entry.tracked.trigger();
			})));
		}
		logger.info("Session store {}: now keeping the sessions of {} shard(s) (was {})", this.store.description(),
				totalShards, fromTotal);
		return Flux.merge(work).then();
	}

	Optional<SessionRestore> restore(int shardId) {
		Entry entry = this.entries.get(shardId);
		return Optional.ofNullable((entry != null) ? entry.restore : null);
	}

	/**
	 * After the shards closed and drained: save each held shard's session at its last delivered sequence
	 * ({@link ShutdownMode#RESUMABLE}) or delete it ({@link ShutdownMode#FINAL}), then release the locks. A held
	 * shard with no session left (e.g. closed fatally) is deleted: there is nothing to resume.
	 */
	Mono<Void> close(ShutdownMode mode, IntFunction<Optional<SessionInfo>> sessions) {
		List<Mono<Void>> work = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			work.add(Mono.defer(() -> finish(entry, mode, sessions)).doFinally((signal) -> entry.release()));
		}
		return Flux.merge(work).then().doFinally((signal) -> this.checkpointer.close());
	}

	private Mono<Void> finish(Entry entry, ShutdownMode mode, IntFunction<Optional<SessionInfo>> sessions) {
		SessionCheckpointer.Tracked tracked = entry.tracked;
		if (tracked != null) {
			tracked.untrack();
		}
		if (!entry.locked()) {
			return Mono.empty();
		}
		int shardId = entry.shardId;
		Optional<SessionInfo> session = (mode == ShutdownMode.RESUMABLE) ? sessions.apply(shardId)
				: Optional.empty();
		Mono<Boolean> write = session.isPresent() ? this.store.save(shardId, session.get(), 0)
				: this.store.delete(shardId, 0);
		Mono<Void> earlier = (tracked != null) ? tracked.settled() : Mono.empty();
		return earlier.then(write).doOnNext((done) -> {
			if (session.isPresent()) {
				logger.info("Shard {}: session saved in {} at sequence {}", shardId, this.store.description(),
						session.get().sequence());
			}
		}).onErrorResume((ex) -> {
			logger.warn("Shard {}: the final {} of its session in {} failed: {}", shardId,
					session.isPresent() ? "save" : "delete", this.store.description(), ex.getMessage());
			return Mono.empty();
		}).then();
	}

	/** One shard's lock, checkpoints and what its start found. */
	private static final class Entry {

		private final int shardId;

		private volatile SessionStore.SessionLock lock;

		private volatile Disposable lateLock;

		private volatile SessionCheckpointer.Tracked tracked;

		private volatile SessionRestore restore;

		private volatile boolean released;

		Entry(int shardId) {
			this.shardId = shardId;
		}

		boolean locked() {
			return this.lock != null && !this.released;
		}

		synchronized void locked(SessionStore.SessionLock lock) {
			if (this.released) {
				lock.release();
				return;
			}
			this.lock = lock;
		}

		synchronized void release() {
			this.released = true;
			Disposable late = this.lateLock;
			if (late != null) {
				late.dispose();
			}
			SessionStore.SessionLock held = this.lock;
			if (held != null) {
				held.release();
			}
		}

	}

}
