package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * Sessions kept in this JVM: enough for a restart of the application context in the same process, such as a
 * Spring DevTools restart, which would otherwise identify again each time and spend the daily
 * {@code session_start_limit}. Nothing survives the process.
 * <p>
 * {@link #shared(String)} stores live as long as this class is loaded: a DevTools restart reloads the application's
 * own classes, not its libraries, so the next context finds what the previous one saved. The lock keeps two live
 * contexts of one JVM from resuming one session.
 */
public final class InMemorySessionStore implements SessionStore {

	private static final Map<String, InMemorySessionStore> SHARED = new ConcurrentHashMap<>();

	private static final Duration POLL = Duration.ofMillis(50);

	private final String name;

	private final Map<Integer, SessionInfo> sessions = new ConcurrentHashMap<>();

	private final Map<Integer, Object> held = new ConcurrentHashMap<>();

	/** A store of its own (e.g. for tests). */
	public InMemorySessionStore() {
		this("private");
	}

	private InMemorySessionStore(String name) {
		this.name = name;
	}

	/**
	 * The JVM-wide store of a name: every caller with the same name gets the same store.
	 * @param name the name, e.g. the application's, so that two bots in one JVM keep their sessions apart
	 * @return the store
	 */
	public static InMemorySessionStore shared(String name) {
		Objects.requireNonNull(name, "name");
		return SHARED.computeIfAbsent(name, InMemorySessionStore::new);
	}

	@Override
	public Mono<Optional<SessionInfo>> load(int shardId) {
		return Mono.fromSupplier(() -> Optional.ofNullable(this.sessions.get(shardId)));
	}

	@Override
	public Mono<Boolean> save(int shardId, SessionInfo session, long fencingToken) {
		Objects.requireNonNull(session, "session");
		return Mono.fromSupplier(() -> {
			this.sessions.put(shardId, (session.savedAt() != null) ? session : session.withSavedAt(Instant.now()));
			return true;
		});
	}

	@Override
	public Mono<Boolean> delete(int shardId, long fencingToken) {
		return Mono.fromSupplier(() -> {
			this.sessions.remove(shardId);
			return true;
		});
	}

	@Override
	public Mono<SessionLock> lock(int shardId, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		return attempt(shardId, deadline);
	}

	private Mono<SessionLock> attempt(int shardId, long deadline) {
		return Mono.defer(() -> {
			Object token = new Object();
			if (this.held.putIfAbsent(shardId, token) == null) {
				return Mono.just((SessionLock) () -> this.held.remove(shardId, token));
			}
			if (System.nanoTime() - deadline >= 0) {
				return Mono.empty();
			}
			return Mono.delay(POLL).then(attempt(shardId, deadline));
		});
	}

	@Override
	public String description() {
		return "memory (" + this.name + ")";
	}

}
