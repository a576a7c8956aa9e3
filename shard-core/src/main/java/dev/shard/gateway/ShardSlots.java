package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The shard ids a {@link ShardManager} runs, each a {@link Slot} whose {@link Shard} is replaced on restart, and the
 * shards released here whose buffers are still delivering. A shard launched into a slot delivers only after the
 * shard it replaces (or a released one of its id) has drained, so dispatches stay in order across restarts and
 * hand-overs; a graceful stop waits, bounded, for the buffer to drain before the session is handed on.
 */
final class ShardSlots {

	// logs as the manager it works for, so that its logging configuration covers this too
	private static final Logger logger = LoggerFactory.getLogger(ShardManager.class);

	private final IntFunction<ShardSink> sinks;

	private final Consumer<ShardLifecycleEvent> events;

	private final Duration drainTimeout;

	private final NavigableMap<Integer, Slot> slots = new ConcurrentSkipListMap<>();

	/** Shards released here whose buffers are still delivering: a shard started again with its id waits for them. */
	private final Map<Integer, Shard> draining = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * @param sinks the sink of each shard, asked each time a shard is created
	 * @param events where every shard's lifecycle events go
	 * @param drainTimeout how long a graceful stop waits for a shard's buffer to drain
	 */
	ShardSlots(IntFunction<ShardSink> sinks, Consumer<ShardLifecycleEvent> events, Duration drainTimeout) {
		this.sinks = sinks;
		this.events = events;
		this.drainTimeout = drainTimeout;
	}

	Slot get(int shardId) {
		return this.slots.get(shardId);
	}

	Slot getOrCreate(int shardId) {
		return this.slots.computeIfAbsent(shardId, Slot::new);
	}

	Set<Integer> ids() {
		return this.slots.keySet();
	}

	int size() {
		return this.slots.size();
	}

	/** The current shards, ascending by id. */
	List<Shard> shards() {
		List<Shard> shards = new ArrayList<>(this.slots.size());
		for (Slot slot : this.slots.values()) {
			Shard shard = slot.shard;
			if (shard != null) {
				shards.add(shard);
			}
		}
		return shards;
	}

	/** How many shards are in each state (every state present, possibly 0). */
	Map<ShardState, Integer> states() {
		Map<ShardState, Integer> counts = new EnumMap<>(ShardState.class);
		for (ShardState state : ShardState.values()) {
			counts.put(state, 0);
		}
		for (Slot slot : this.slots.values()) {
			counts.merge(slot.state(), 1, Integer::sum);
		}
		return counts;
	}

	/** Each shard's state, by id. */
	Map<Integer, ShardState> stateByShard() {
		Map<Integer, ShardState> states = new TreeMap<>();
		this.slots.forEach((id, slot) -> states.put(id, slot.state()));
		return states;
	}

	/**
	 * Launch the shards of a resolution in ascending id order; completes when every one passed its identify gate. A
	 * shard connects once the previous shard of its bucket has its permit: each bucket's shards reach the limiter
	 * in ascending order, one window ahead, whatever order their Hellos arrive in.
	 */
	Mono<Void> launchAll(GatewayResolver.Resolution resolution,
			IntFunction<Mono<Optional<SessionInfo>>> storedSessions) {
		List<Integer> ids = resolution.shardIds();
		int maxConcurrency = resolution.shardConfig().maxConcurrency();
		for (int id : ids) {
			getOrCreate(id);
		}
		// every shard's stored session is looked for at once: a lock wait must not add up along a bucket
		Map<Integer, Mono<Optional<SessionInfo>>> stored = new HashMap<>();
		for (int id : ids) {
			Mono<Optional<SessionInfo>> session = storedSessions.apply(id).cache();
			session.subscribe();
			stored.put(id, session);
		}
		Map<Integer, Slot> lastOfBucket = new HashMap<>();
		List<Mono<Void>> starts = new ArrayList<>(ids.size());
		for (int id : ids) {
			Slot slot = this.slots.get(id);
			Slot previous = lastOfBucket.put(id % maxConcurrency, slot);
			Mono<Void> after = (previous != null) ? previous.firstStart.asMono() : Mono.empty();
			starts.add(after.then(stored.get(id))
				.flatMap((session) -> launch(slot, resolution, session.orElse(null)))
				.doFinally((signal) -> slot.firstStart.tryEmitEmpty()));
		}
		return Flux.fromIterable(starts).flatMap((start) -> start, Math.max(1, starts.size())).then();
	}

	/**
	 * Create and run the shard of a slot unless it is running; the returned Mono completes when the shard passed its
	 * identify gate (READY, RESUMED, or stopped).
	 */
	Mono<Void> launch(Slot slot, GatewayResolver.Resolution resolution, SessionInfo resumeFrom) {
		return Mono.defer(() -> {
			synchronized (slot) {
				if (this.closed) {
					return Mono.empty();
				}
				Shard current = slot.shard;
				if (current != null && !current.state().isTerminal()) {
					return Mono.empty();
				}
				Sinks.Empty<Void> gate = Sinks.empty();
				Shard shard = new Shard(slot.id, resolution.totalShards(), resolution.shardConfig(),
						new GateLimiter(resolution.limiter(), gate));
				if (resumeFrom != null) {
					shard.resumeFrom(resumeFrom);
				}
				Shard previous = (current != null) ? current : this.draining.get(slot.id);
				if (previous != null) {
					// the old shard's buffer may still be delivering: the new one waits, so the order holds
					shard.deliverAfter(previous.drained());
				}
				slot.shard = shard;
				slot.lifecycle = shard.lifecycle().subscribe((event) -> {
					this.events.accept(event);
					if (event instanceof ShardLifecycleEvent.Ready || event instanceof ShardLifecycleEvent.Resumed
							|| event instanceof ShardLifecycleEvent.FatallyClosed
							|| event instanceof ShardLifecycleEvent.ShutDown) {
						gate.tryEmitEmpty();
					}
				});
				slot.run = shard.run(this.sinks.apply(slot.id)).subscribe(null, (error) -> {
					gate.tryEmitEmpty();
					logger.error("Shard {} stopped: {}", slot.id, error.getMessage());
				}, gate::tryEmitEmpty);
				return gate.asMono();
			}
		});
	}

	/**
	 * Hand a slot's shard over: close it resumably and let its buffer drain (bounded). With {@code remove}, the slot
	 * then leaves (unless it was replaced meanwhile), and a shard that has not drained yet is kept until it has, for
	 * a later launch of its id to wait for.
	 * @return the shard's session at the last sequence delivered, or empty
	 */
	Mono<SessionInfo> release(Slot slot, boolean remove) {
		Shard shard = slot.shard;
		slot.stoppedResumably = true;
		Mono<Void> closing = (shard != null) ? closeAndDrain(shard, ShutdownMode.RESUMABLE) : Mono.empty();
		return closing.then(Mono.fromCallable(() -> {
			if (remove && this.slots.remove(slot.id, slot)) {
				Disposable events = slot.lifecycle;
				if (events != null) {
					events.dispose();
				}
				if (shard != null) {
					// not drained within the timeout: a later start of this id must still wait for it
					this.draining.put(slot.id, shard);
					shard.drained().subscribe(null, null, () -> this.draining.remove(slot.id, shard));
				}
			}
			return (shard != null) ? shard.session().orElse(null) : null;
		}));
	}

	/**
	 * Launch nothing more, close every shard, all at once, and complete when all are closed and drained (each
	 * bounded by the drain timeout).
	 */
	Mono<Void> shutdown(ShutdownMode mode) {
		this.closed = true;
		List<Mono<Void>> closing = new ArrayList<>();
		for (Slot slot : this.slots.values()) {
			Shard shard = slot.shard;
			if (shard != null) {
				closing.add(closeAndDrain(shard, mode));
			}
		}
		return Mono.when(closing);
	}

	/** Stop forwarding the shards' lifecycle events (after {@link #shutdown}). */
	void stopForwardingEvents() {
		for (Slot slot : this.slots.values()) {
			if (slot.lifecycle != null) {
				slot.lifecycle.dispose();
			}
		}
	}

	/**
	 * Close a shard, then wait (bounded) until its buffer delivered everything: the delivery threads are daemons, so
	 * whatever is still buffered when a process exits is never delivered. Completes in any case.
	 */
	private Mono<Void> closeAndDrain(Shard shard, ShutdownMode mode) {
		return shard.shutdown(mode)
			.onErrorResume((ex) -> Mono.empty())
			.then(shard.drained().timeout(this.drainTimeout, Mono.fromRunnable(() -> logger.warn(
					"Shard {}: {} dispatch(es) still undelivered after {}; the session is handed over at the last "
							+ "delivered sequence (the next owner replays the rest)",
					shard.shardId(), shard.bufferedEvents(), this.drainTimeout))));
	}

	/** One shard id this process runs; the shard object is replaced on restart. */
	static final class Slot {

		private final int id;

		private volatile Shard shard;

		private volatile Disposable run;

		private volatile Disposable lifecycle;

		private volatile boolean stoppedResumably;

		/** Completes when the first launch passed its identify gate (or stopped). */
		private final Sinks.Empty<Void> firstStart = Sinks.empty();

		Slot(int id) {
			this.id = id;
		}

		int id() {
			return this.id;
		}

		/** The current shard, or {@code null} before the first launch. */
		Shard shard() {
			return this.shard;
		}

		/**
		 * Mark how the shard was stopped: a later start resumes only a shard stopped resumably here.
		 * @param resumably whether it was stopped resumably
		 */
		void stopped(boolean resumably) {
			this.stoppedResumably = resumably;
		}

		/**
		 * The session a start in this process resumes: the last sequence received, if the shard was stopped
		 * resumably (what it received but did not deliver yet is still in its buffer, which the new one waits for).
		 */
		Optional<SessionInfo> resumableSession() {
			Shard previous = this.shard;
			return (previous != null && this.stoppedResumably) ? previous.receivedSession() : Optional.empty();
		}

		ShardState state() {
			Shard shard = this.shard;
			return (shard != null) ? shard.state() : ShardState.DISCONNECTED;
		}

	}

	/** The shared limiter, seen by one shard: the first permit opens the start gate for the next shard. */
	private static final class GateLimiter implements IdentifyRateLimiter {

		private final IdentifyRateLimiter delegate;

		private final Sinks.Empty<Void> gate;

		GateLimiter(IdentifyRateLimiter delegate, Sinks.Empty<Void> gate) {
			this.delegate = delegate;
			this.gate = gate;
		}

		@Override
		public Mono<IdentifyPermit> acquire(int shardId) {
			return this.delegate.acquire(shardId).doOnNext((permit) -> this.gate.tryEmitEmpty());
		}

		@Override
		public void identifySettled(IdentifyPermit permit) {
			this.delegate.identifySettled(permit);
		}

		@Override
		public void identifyAbandoned(IdentifyPermit permit) {
			this.delegate.identifyAbandoned(permit);
		}

		@Override
		public void updateSessionStartLimit(SessionStartLimit limit) {
			this.delegate.updateSessionStartLimit(limit);
		}

		@Override
		public Optional<SessionStartLimit> sessionStartLimit() {
			return this.delegate.sessionStartLimit();
		}

		@Override
		public boolean isExhausted() {
			return this.delegate.isExhausted();
		}

		@Override
		public boolean isValid(IdentifyPermit permit) {
			return this.delegate.isValid(permit);
		}

	}

}
