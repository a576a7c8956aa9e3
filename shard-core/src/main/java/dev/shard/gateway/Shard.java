package dev.shard.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.shard.gateway.internal.EnvelopeReader;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One shard's session with the Discord Gateway
 * (<a href="https://discord.com/developers/docs/events/gateway">Gateway</a>): connection, heartbeating, dispatch
 * delivery, reconnection and session resumption.
 * <p>
 * A facade over parts with one job each: a {@code ShardStateMachine} (the only writer of {@link #state()}), a
 * {@code Supervisor} that runs the connections one after another and decides what follows each, a
 * {@code ShardConnection} per WebSocket (handshake, reading, decoding, closing), its {@code Heartbeater}, the
 * {@code Outbound} queue with its limiters, and the {@code SessionState} to resume.
 * <p>
 * Threads: a connection's work (frames, heartbeats, timers, sends) runs on its Netty event loop without locks;
 * what happens between connections, and the queueing of payloads, runs under the shard's lock (the
 * {@code Supervisor}'s monitor); the getters read volatile state and never block. Dispatches are handed to the sink
 * through a bounded buffer drained on the shard's delivery lane (see {@link ShardSink}); while it is full the
 * shard stops requesting frames (Netty then stops reading the socket), yet the heartbeat timer keeps running.
 */
public final class Shard {

	private final ShardContext context;

	private final Supervisor supervisor;

	private final SessionState session;

	/**
	 * A shard with its own identify limiter (one IDENTIFY per 5 s per bucket, within this shard only). Shards that
	 * run together should share a limiter: use {@link #Shard(int, int, ShardConfig, IdentifyRateLimiter)}.
	 */
	public Shard(int shardId, int totalShards, ShardConfig config) {
		this(shardId, totalShards, config, null);
	}

	public Shard(int shardId, int totalShards, ShardConfig config, IdentifyRateLimiter limiter) {
		if (totalShards < 1) {
			throw new IllegalArgumentException("totalShards must be at least 1, was " + totalShards);
		}
		if (shardId < 0 || shardId >= totalShards) {
			throw new IllegalArgumentException(
					"shardId must be between 0 and totalShards - 1 (" + (totalShards - 1) + "), was " + shardId);
		}
		if (config == null) {
			throw new IllegalArgumentException("config is required");
		}
		this.context = new ShardContext(shardId, totalShards, config,
				LoggerFactory.getLogger(Shard.class.getName() + "." + shardId), config.jsonMapper(), config.observer(),
				(limiter != null) ? limiter : new InMemoryIdentifyRateLimiter(config.maxConcurrency()));
		this.supervisor = new Supervisor(this.context);
		this.session = this.supervisor.session();
	}

	public int shardId() {
		return this.context.shardId();
	}

	public int totalShards() {
		return this.context.totalShards();
	}

	/** The configuration; not public, since it holds the token. */
	ShardConfig config() {
		return this.context.config();
	}

	public ShardState state() {
		return this.supervisor.machine().state();
	}

	/** The last dispatch sequence of the current session. */
	public OptionalLong sequence() {
		long s = this.session.sequence();
		return (s >= 0) ? OptionalLong.of(s) : OptionalLong.empty();
	}

	/** The last heartbeat round trip. */
	public Optional<Duration> latency() {
		return this.supervisor.latency().last();
	}

	/** Mean heartbeat round trip over recent beats. */
	public Optional<Duration> averageLatency() {
		return this.supervisor.latency().average();
	}

	/**
	 * The last sequence of the current session that was handed to the sink and returned (or skipped because the
	 * sink does not want its type); less than {@link #sequence()} while dispatches wait in the buffer.
	 */
	public OptionalLong deliveredSequence() {
		return session().map((s) -> OptionalLong.of(s.sequence())).orElse(OptionalLong.empty());
	}

	/**
	 * What another process needs to resume the current session: a checkpoint at the last <em>delivered</em>
	 * sequence, so that whatever was received but still buffered is replayed by the resume instead of lost with
	 * this process. Empty without a session, and while nothing of the current session has been delivered yet.
	 */
	public Optional<SessionInfo> session() {
		return this.session.delivered();
	}

	/**
	 * The session at the last sequence <em>received</em>: resumes it with no duplicate, but only in this process,
	 * where the buffer still holds what was not delivered (a restart of the shard; see {@link #deliverAfter}).
	 */
	Optional<SessionInfo> receivedSession() {
		return this.session.received();
	}

	/** When the current session started (READY), if there is one. */
	public Optional<Instant> sessionStartedAt() {
		return this.session.startedAt();
	}

	/** The last close code received or sent, if any. */
	public OptionalInt lastCloseCode() {
		int c = this.supervisor.lastCloseCode();
		return (c >= 0) ? OptionalInt.of(c) : OptionalInt.empty();
	}

	/** How many times this shard has reconnected. */
	public long reconnectCount() {
		return this.supervisor.reconnects();
	}

	/** Dispatches received but not yet handed to the sink. */
	public int bufferedEvents() {
		return this.supervisor.bufferedEvents();
	}

	/**
	 * When the session-start budget was found spent and this shard waits, {@link ShardState#RECONNECTING}, for its
	 * reset before identifying: the reset time. Empty otherwise.
	 */
	public Optional<Instant> identifyBlockedUntil() {
		return state().isTerminal() ? Optional.empty() : this.session.identifyBlockedUntil();
	}

	/** The error that stopped the shard, if it stopped fatally. */
	public Optional<GatewayException> failure() {
		return Optional.ofNullable(this.supervisor.failure());
	}

	/**
	 * {@code text} with this shard's token masked, for messages shown outside the process (health details): the
	 * shard's errors should never hold the token, and this makes sure. The token itself is never handed out.
	 * @param text any text, e.g. a {@link #failure()}'s message
	 * @return the text, every occurrence of the token replaced by {@code [redacted]}
	 */
	public String redact(String text) {
		String token = this.context.config().token();
		return (text != null && token != null && !token.isEmpty()) ? text.replace(token, "[redacted]") : text;
	}

	/**
	 * Start from a saved session (e.g. restored from a store) so the first connection resumes. A session of another
	 * shard id, shard count or intents, or one that does not record them, is not resumed: the shard identifies (and
	 * logs why), since the session would deliver guilds or events that are not this shard's.
	 */
	public Shard resumeFrom(SessionInfo session) {
		this.supervisor.beforeRun("resumeFrom", () -> {
			if (session == null || session.sessionId() == null || session.sessionId().isBlank()) {
				throw new IllegalArgumentException("session and its sessionId are required");
			}
			Optional<String> mismatch = session.incompatibility(shardId(), totalShards(),
					this.context.config().intents());
			if (mismatch.isPresent()) {
				this.context.log()
					.warn("Shard {}: not resuming the saved session: {}; identifying instead", shardId(),
							mismatch.get());
				return;
			}
			this.session.restore(session);
		});
		return this;
	}

	/**
	 * Deliver nothing before {@code previous} completes (successfully or not): a restarted shard's new buffer waits
	 * for the old one to drain, so that the shard's dispatches stay in order across the restart.
	 */
	Shard deliverAfter(Mono<Void> previous) {
		this.supervisor.beforeRun("deliverAfter", () -> this.supervisor.deliverAfter(previous));
		return this;
	}

	/**
	 * Completes once the shard has terminated and every dispatch it received has been handed to the sink (the
	 * delivery threads are daemons: a graceful stop waits for this, or buffered dispatches die with the process).
	 * Unlike {@link #run}'s {@code Mono} it also completes after a fatal close, and it never errors.
	 */
	public Mono<Void> drained() {
		return this.supervisor.drained();
	}

	/** Subscribing starts the shard; completes on shutdown, errors with {@link FatalCloseException} on a fatal close. */
	public Mono<Void> run(ShardSink sink) {
		if (sink == null) {
			throw new IllegalArgumentException("sink is required");
		}
		return Mono.defer(() -> this.supervisor.run(sink)).doOnCancel(() -> shutdown(ShutdownMode.FINAL).subscribe());
	}

	/**
	 * Serialises now and throws {@link PayloadTooLargeException} above 4096 bytes; the payload is then queued and
	 * sent after READY/RESUMED, paced by the send limiter. The returned {@code Mono} completes when it was written
	 * (subscribing is not needed for it to be sent). A {@code String} or {@code byte[]} is taken as JSON as is.
	 */
	public Mono<Void> sendPayload(Object payload) {
		if (payload == null) {
			throw new IllegalArgumentException("payload is required");
		}
		byte[] bytes;
		if (payload instanceof byte[] raw) {
			bytes = raw.clone();
		}
		else if (payload instanceof CharSequence text) {
			bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		}
		else {
			bytes = this.context.mapper().writeValueAsBytes(payload);
		}
		if (bytes.length > ShardConfig.MAX_OUTBOUND_PAYLOAD) {
			throw new PayloadTooLargeException(bytes.length, ShardConfig.MAX_OUTBOUND_PAYLOAD);
		}
		int code;
		try {
			code = EnvelopeReader.read(bytes).op();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("A gateway payload must be a JSON object with an integer op", ex);
		}
		Opcode op = Opcode.of(code);
		if (op == Opcode.HEARTBEAT || op == Opcode.IDENTIFY || op == Opcode.RESUME) {
			throw new IllegalArgumentException("op " + code + " is sent by the shard itself");
		}
		if (op != null && op.receiveOnly()) {
			// the gateway answers a client that sends one of these with close 4001 (unknown opcode)
			throw new IllegalArgumentException("op " + code + " is only ever sent by the gateway, never to it");
		}
		return this.supervisor.queue(bytes, code);
	}

	/** Close the current connection (resumably) and reconnect. */
	public Mono<Void> reconnect() {
		return Mono.fromRunnable(this.supervisor::reconnect);
	}

	/** The outbound queue and its limiters (test hooks: shorter windows, a hook before queueing). */
	Outbound outbound() {
		return this.supervisor.outbound();
	}

	/** {@code shutdown(ShutdownMode.FINAL)}. */
	public Mono<Void> shutdown() {
		return shutdown(ShutdownMode.FINAL);
	}

	/**
	 * Starts closing at once; the returned {@code Mono} completes when closed. {@code FINAL} closes with 1000 (the
	 * session ends); {@code RESUMABLE} closes with {@link CloseCode#CLIENT_RESUMABLE} and keeps {@link #session()}.
	 */
	public Mono<Void> shutdown(ShutdownMode mode) {
		if (mode == null) {
			throw new IllegalArgumentException("mode is required");
		}
		return this.supervisor.shutdown(mode);
	}

	/** Hot stream of lifecycle events (best effort: a slow subscriber misses events rather than blocking). */
	public Flux<ShardLifecycleEvent> lifecycle() {
		return this.supervisor.lifecycle();
	}

	@Override
	public String toString() {
		return "Shard[" + shardId() + "/" + totalShards() + ", " + state() + "]";
	}

}
