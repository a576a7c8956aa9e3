package dev.shard.gateway.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.shard.gateway.IdentifyRateLimiter;
import reactor.core.publisher.Mono;

/**
 * The identify limiter a shard uses when none is given: one IDENTIFY per {@code window} per bucket
 * ({@code shardId % maxConcurrency}), within this instance only. Shards that run together should share a real
 * limiter (e.g. the shard manager's) instead.
 */
public final class FallbackIdentifyLimiter implements IdentifyRateLimiter {

	private final int maxConcurrency;

	private final long windowNanos;

	private final Map<Integer, Long> nextSlot = new HashMap<>();

	public FallbackIdentifyLimiter(int maxConcurrency) {
		this(maxConcurrency, Duration.ofSeconds(5));
	}

	public FallbackIdentifyLimiter(int maxConcurrency, Duration window) {
		this.maxConcurrency = Math.max(1, maxConcurrency);
		this.windowNanos = window.toNanos();
	}

	@Override
	public Mono<IdentifyPermit> acquire(int shardId) {
		return Mono.defer(() -> {
			int bucket = shardId % this.maxConcurrency;
			long now = System.nanoTime();
			long slot;
			synchronized (this.nextSlot) {
				Long next = this.nextSlot.get(bucket);
				slot = (next == null || next - now < 0) ? now : next;
				this.nextSlot.put(bucket, slot + this.windowNanos);
			}
			IdentifyPermit permit = new IdentifyPermit(shardId, bucket, 0);
			long wait = slot - now;
			return (wait <= 0) ? Mono.just(permit) : Mono.delay(Duration.ofNanos(wait)).thenReturn(permit);
		});
	}

}
