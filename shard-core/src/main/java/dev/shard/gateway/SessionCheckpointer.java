package dev.shard.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes shards' sessions to a {@link SessionStore} in the background: every {@code interval} (if the
 * session changed), after every {@code everyEvents} dispatches when the sink is wrapped with
 * {@link Tracked#wrap(ShardSink)}, and on {@link Tracked#flush()} (graceful shutdown). Never a round trip per
 * dispatch: at most one write per shard is in flight, later triggers coalesce into the next one, and a dispatch
 * only bumps a counter. Staleness is therefore bounded by {@code interval} (or {@code everyEvents}) plus one
 * write. A session resumed from an older checkpoint replays what was delivered after it: handlers that must be
 * exactly-once across a crash need their own idempotency (a graceful stop flushes, so it replays nothing).
 */
public final class SessionCheckpointer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SessionCheckpointer.class);

	private final SessionStore store;

	private final int everyEvents;

	private final Map<Integer, Tracked> tracked = new ConcurrentHashMap<>();

	private final Disposable timer;

	private final AtomicLong writes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	public SessionCheckpointer(SessionStore store, Duration interval, int everyEvents) {
		this.store = Objects.requireNonNull(store, "store");
		ShardConfig.requirePositive(interval, "interval");
		this.everyEvents = Math.max(1, everyEvents);
		this.timer = Flux.interval(interval, interval, Schedulers.parallel())
			.onBackpressureDrop()
			.subscribe((tick) -> this.tracked.values().forEach(Tracked::trigger));
	}

	/**
	 * Start checkpointing a shard.
	 * @param shardId the shard
	 * @param fencingToken the ownership token written along (0 without one, e.g. without leases)
	 * @param source the shard's current session, e.g. {@code shard::session}
	 * @return the handle; {@link Tracked#flush()} then {@link Tracked#untrack()} when the shard stops
	 */
	public Tracked track(int shardId, long fencingToken, Supplier<Optional<SessionInfo>> source) {
		Tracked handle = new Tracked(shardId, fencingToken, source);
		Tracked previous = this.tracked.put(shardId, handle);
		if (previous != null) {
			previous.untracked = true;
		}
		return handle;
	}

	/** The handle of a tracked shard. */
	public Optional<Tracked> tracked(int shardId) {
		return Optional.ofNullable(this.tracked.get(shardId));
	}

	/**
	 * Count one dispatch of a shard for the every-N-events trigger, if it is tracked. Cheap (a map lookup), for a
	 * sink that lives longer than one tracking handle (a re-acquired lease gets a new one).
	 * @param shardId the shard
	 */
	public void onEvent(int shardId) {
		Tracked handle = this.tracked.get(shardId);
		if (handle != null) {
			handle.onEvent();
		}
	}

	/**
	 * A sink that counts the dispatches of a shard for {@link #onEvent(int)} (whichever handle tracks it then) and
	 * passes them on.
	 * @param shardId the shard
	 * @param delegate the sink to pass dispatches to
	 * @return the counting sink
	 */
	public ShardSink counting(int shardId, ShardSink delegate) {
		return new CountingSink(delegate, () -> onEvent(shardId));
	}

	/** Checkpoints written (metrics). */
	public long writeCount() {
		return this.writes.get();
	}

	/** Checkpoints that failed, e.g. the store unavailable (metrics); the next trigger retries. */
	public long failureCount() {
		return this.failures.get();
	}

	/** Flush every tracked shard. */
	public Mono<Void> flushAll() {
		return Flux.fromIterable(this.tracked.values()).flatMap(Tracked::flush).then();
	}

	@Override
	public void close() {
		this.timer.dispose();
	}

	/** Checkpointing of one shard. */
	public final class Tracked {

		private final int shardId;

		private final long fencingToken;

		private final Supplier<Optional<SessionInfo>> source;

		private final AtomicInteger eventsSinceWrite = new AtomicInteger();

		private final AtomicBoolean inFlight = new AtomicBoolean();

		private volatile boolean again;

		private volatile SessionInfo lastWritten;

		private volatile boolean untracked;

		private volatile Mono<Void> writing = Mono.empty();

		private Tracked(int shardId, long fencingToken, Supplier<Optional<SessionInfo>> source) {
			this.shardId = shardId;
			this.fencingToken = fencingToken;
			this.source = Objects.requireNonNull(source, "source");
		}

		/** Count one dispatch; every {@code everyEvents} of them trigger a background write. Cheap. */
		public void onEvent() {
			if (this.eventsSinceWrite.incrementAndGet() >= SessionCheckpointer.this.everyEvents) {
				trigger();
			}
		}

		/** A sink that counts dispatches for {@link #onEvent()} and passes them on. */
		public ShardSink wrap(ShardSink delegate) {
			return new CountingSink(delegate, this::onEvent);
		}

		/** Write now if changed, and complete when written (for graceful shutdown). */
		public Mono<Void> flush() {
			return write().onErrorResume((ex) -> {
				logger.warn("Final session checkpoint of shard {} failed: {}", this.shardId, ex.getMessage());
				return Mono.empty();
			});
		}

		/** Stop checkpointing this shard (after its final flush). */
		public void untrack() {
			this.untracked = true;
			SessionCheckpointer.this.tracked.remove(this.shardId, this);
		}

		/** The session last written by this handle. */
		public Optional<SessionInfo> lastWritten() {
			return Optional.ofNullable(this.lastWritten);
		}

		public long fencingToken() {
			return this.fencingToken;
		}

		void trigger() {
			if (this.untracked) {
				return;
			}
			if (!this.inFlight.compareAndSet(false, true)) {
				this.again = true;
				return;
			}
			Mono<Void> writing = write().doFinally((s) -> {
				this.inFlight.set(false);
				if (this.again) {
					this.again = false;
					trigger();
				}
			}).doOnError((ex) -> {
				SessionCheckpointer.this.failures.incrementAndGet();
				logger.debug("Session checkpoint of shard {} failed: {}", this.shardId, ex.getMessage());
			}).onErrorResume((ex) -> Mono.empty()).cache();
			this.writing = writing;
			writing.subscribe();
		}

		/**
		 * Completes when no background write of this shard is in flight any more: after {@link #untrack()}, a final
		 * write that waits for it cannot be overwritten by an older checkpoint landing late.
		 */
		public Mono<Void> settled() {
			return Mono.defer(() -> this.writing);
		}

		private Mono<Void> write() {
			return Mono.defer(() -> {
				Optional<SessionInfo> current = this.source.get();
				if (current.isEmpty() || current.get().equals(this.lastWritten)) {
					return Mono.empty();
				}
				SessionInfo session = current.get();
				this.eventsSinceWrite.set(0);
				return SessionCheckpointer.this.store.save(this.shardId, session, this.fencingToken)
					.doOnNext((written) -> {
						if (written) {
							this.lastWritten = session;
							SessionCheckpointer.this.writes.incrementAndGet();
						}
						else {
							logger.info("Session checkpoint of shard {} refused: a newer owner holds it", this.shardId);
							untrack();
						}
					})
					.then();
			});
		}

	}

	/** Passes everything on to the delegate (preparing and blocking as it does), counting each dispatch after it. */
	private record CountingSink(ShardSink delegate, Runnable counter) implements ShardSink {

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			onDispatch(dispatch, null);
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch, Object prepared) {
			this.delegate.onDispatch(dispatch, prepared);
			this.counter.run();
		}

		@Override
		public Object prepare(GatewayDispatch dispatch) {
			return this.delegate.prepare(dispatch);
		}

		@Override
		public boolean wants(String type) {
			return this.delegate.wants(type);
		}

		@Override
		public boolean nonBlocking() {
			// counting never blocks
			return this.delegate.nonBlocking();
		}

	}

}
