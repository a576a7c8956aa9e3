package dev.shard.autoconfigure.integrationtest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import reactor.core.publisher.Mono;

/**
 * The in-process identify limiter with a short window (so tests do not wait 5 s per identify), whose "budget
 * exhausted" flag a test can set, as a shared limiter would after reading {@code session_start_limit}.
 */
final class SwitchableIdentifyLimiter implements IdentifyRateLimiter {

	private final InMemoryIdentifyRateLimiter delegate;

	final AtomicBoolean exhausted = new AtomicBoolean();

	SwitchableIdentifyLimiter(Duration window) {
		this.delegate = new InMemoryIdentifyRateLimiter(1, window);
	}

	@Override
	public Mono<IdentifyPermit> acquire(int shardId) {
		return this.delegate.acquire(shardId);
	}

	@Override
	public void identifySettled(IdentifyPermit permit) {
		this.delegate.identifySettled(permit);
	}

	@Override
	public boolean isValid(IdentifyPermit permit) {
		return this.delegate.isValid(permit);
	}

	@Override
	public boolean isExhausted() {
		return this.exhausted.get();
	}

}
