package dev.shard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.ShutdownMode;

/**
 * Hands shards over in the background, off the renewal tick: stops a shard resumably once its start is over, lets
 * its buffer deliver what it received (the control's stop waits for that, bounded by the release timeout), writes
 * the final checkpoint at the last delivered sequence (fenced: refused if superseded) and, on a release, deletes
 * the lease. A released lease stays renewed until then, so nobody resumes the session from an older checkpoint while
 * this instance still delivers.
 */
final class LeaseHandOvers {

	// logs as the lease manager it works for, so that its logging configuration covers this too
	private static final Logger logger = LoggerFactory.getLogger(ShardLeaseManager.class);

	private final String instanceId;

	private final ShardControl control;

	private final RedisLeases leases;

	private final Duration releaseTimeout;

	/** Leases being handed over: still renewed until the shard has drained and its final checkpoint is written. */
	private final Map<Integer, Lease> releasing = new ConcurrentHashMap<>();

	/** Hand-overs in flight (release or loss), which a graceful stop waits for. */
	private final Set<Mono<Void>> inFlight = ConcurrentHashMap.newKeySet();

	private final AtomicLong releases = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	LeaseHandOvers(String instanceId, ShardControl control, RedisLeases leases, Duration releaseTimeout) {
		this.instanceId = instanceId;
		this.control = control;
		this.leases = leases;
		this.releaseTimeout = releaseTimeout;
	}

	/**
	 * Hand a shard over (started at once): stop it, wait for its buffer to drain, write the final checkpoint, then
	 * delete the lease.
	 */
	Mono<Void> release(Lease lease, String reason) {
		this.releases.incrementAndGet();
		logger.info("Instance {} releasing shard {}: {}", this.instanceId, lease.shardId(), reason);
		this.releasing.put(lease.shardId(), lease);
		return inBackground(stopShard(lease).then(this.leases.release(lease))
			.onErrorResume((ex) -> {
				logger.warn("Could not release the lease of shard {} ({}); it expires by itself", lease.shardId(),
						ex.getMessage());
				return Mono.empty();
			})
			.then()
			.doFinally((signal) -> this.releasing.remove(lease.shardId(), lease)));
	}

	/** Stop a shard whose lease is gone (started at once). */
	Mono<Void> lose(Lease lease, String reason) {
		this.lost.incrementAndGet();
		logger.warn("Instance {} stops shard {}: {}", this.instanceId, lease.shardId(), reason);
		return inBackground(stopShard(lease));
	}

	/** Whether this lease is being handed over (it is renewed, but a failed renewal no longer matters). */
	boolean isReleasing(Lease lease) {
		return this.releasing.get(lease.shardId()) == lease;
	}

	/** The leases being handed over. */
	Collection<Lease> releasing() {
		return this.releasing.values();
	}

	/** Completes when every hand-over in flight now has. */
	Mono<Void> awaitInFlight() {
		return Flux.fromIterable(new ArrayList<>(this.inFlight)).flatMap((handOver) -> handOver).then();
	}

	long releaseCount() {
		return this.releases.get();
	}

	long lostCount() {
		return this.lost.get();
	}

	private Mono<Void> inBackground(Mono<Void> work) {
		Mono<Void> cached = work.onErrorResume((ex) -> Mono.empty()).cache();
		this.inFlight.add(cached);
		cached.doFinally((signal) -> this.inFlight.remove(cached)).subscribe();
		return cached;
	}

	// Stop resumably (the next owner resumes) once the buffer drained, then write the final checkpoint at the last
	// delivered sequence (fenced: refused if superseded).
	private Mono<Void> stopShard(Lease lease) {
		Mono<Void> stopped = lease.startup()
			.then(Mono.defer(() -> this.control.stop(lease.shardId(), ShutdownMode.RESUMABLE)))
			.timeout(this.releaseTimeout)
			.onErrorResume((ex) -> {
				logger.warn("Stopping shard {} failed: {}", lease.shardId(), ex.toString());
				return Mono.empty();
			});
		SessionCheckpointer.Tracked tracked = lease.tracked;
		if (tracked == null) {
			return stopped;
		}
		return stopped.then(tracked.flush()).doFinally((s) -> tracked.untrack());
	}

}
