package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One WebSocket session to the Discord Gateway. CONTRACT STUB: the implementation is being written on branch
 * {@code core}.
 */
public final class Shard {

	private final int shardId;

	private final int totalShards;

	private final ShardConfig config;

	private final IdentifyRateLimiter limiter;

	public Shard(int shardId, int totalShards, ShardConfig config) {
		this(shardId, totalShards, config, null);
	}

	public Shard(int shardId, int totalShards, ShardConfig config, IdentifyRateLimiter limiter) {
		this.shardId = shardId;
		this.totalShards = totalShards;
		this.config = config;
		this.limiter = limiter;
	}

	public int shardId() {
		return this.shardId;
	}

	public int totalShards() {
		return this.totalShards;
	}

	public ShardConfig config() {
		return this.config;
	}

	public ShardState state() {
		throw new UnsupportedOperationException("stub");
	}

	/** The last dispatch sequence of the current session. */
	public OptionalLong sequence() {
		throw new UnsupportedOperationException("stub");
	}

	/** The last heartbeat round trip. */
	public Optional<Duration> latency() {
		throw new UnsupportedOperationException("stub");
	}

	/** Mean heartbeat round trip over recent beats. */
	public Optional<Duration> averageLatency() {
		throw new UnsupportedOperationException("stub");
	}

	/** What is needed to resume the current session, if there is one. */
	public Optional<SessionInfo> session() {
		throw new UnsupportedOperationException("stub");
	}

	/** When the current session started (READY), if there is one. */
	public Optional<Instant> sessionStartedAt() {
		throw new UnsupportedOperationException("stub");
	}

	/** The last close code received or sent, if any. */
	public OptionalInt lastCloseCode() {
		throw new UnsupportedOperationException("stub");
	}

	/** How many times this shard has reconnected. */
	public long reconnectCount() {
		throw new UnsupportedOperationException("stub");
	}

	/** Dispatches received but not yet handed to the sink. */
	public int bufferedEvents() {
		throw new UnsupportedOperationException("stub");
	}

	/** The error that stopped the shard, if it stopped fatally. */
	public Optional<GatewayException> failure() {
		throw new UnsupportedOperationException("stub");
	}

	/** Start from a saved session (e.g. restored from a store) so the first connection resumes. */
	public Shard resumeFrom(SessionInfo session) {
		throw new UnsupportedOperationException("stub");
	}

	/** Subscribing starts the shard; completes on shutdown, errors with {@link FatalCloseException} on a fatal close. */
	public Mono<Void> run(ShardSink sink) {
		throw new UnsupportedOperationException("stub");
	}

	/** Serialises now (throws {@link PayloadTooLargeException} above 4096 bytes); sends after READY/RESUMED, paced. */
	public Mono<Void> sendPayload(Object payload) {
		throw new UnsupportedOperationException("stub");
	}

	/** Close the current connection (resumably) and reconnect. */
	public Mono<Void> reconnect() {
		throw new UnsupportedOperationException("stub");
	}

	/** {@code shutdown(ShutdownMode.FINAL)}. */
	public Mono<Void> shutdown() {
		return shutdown(ShutdownMode.FINAL);
	}

	/** Starts closing at once; the returned {@code Mono} completes when closed. */
	public Mono<Void> shutdown(ShutdownMode mode) {
		throw new UnsupportedOperationException("stub");
	}

	/** Hot stream of lifecycle events. */
	public Flux<ShardLifecycleEvent> lifecycle() {
		throw new UnsupportedOperationException("stub");
	}

}
