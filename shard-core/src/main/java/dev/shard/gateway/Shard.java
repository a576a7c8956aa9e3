package dev.shard.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.shard.gateway.internal.DispatchBuffer;
import dev.shard.gateway.internal.Envelope;
import dev.shard.gateway.internal.EnvelopeReader;
import dev.shard.gateway.internal.InboundDecodeException;
import dev.shard.gateway.internal.InboundDecoder;
import dev.shard.gateway.internal.Redaction;
import dev.shard.gateway.internal.SendLimiter;
import dev.shard.gateway.internal.ZstdSupport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket session to the Discord Gateway: connection, heartbeating, dispatch delivery, reconnection and
 * session resumption, per the team's protocol reference.
 * <p>
 * Threading: everything that belongs to one connection (frames, heartbeats, timers, sends) runs on that
 * connection's Netty event loop, so a connection's state needs no locks. Dispatches are handed to the sink through
 * a bounded {@link DispatchBuffer} drained on the shard's {@link DeliveryThreads} lane; while it is full the shard
 * stops requesting frames (Netty then stops reading the socket), yet the heartbeat timer keeps running.
 */
public final class Shard {

	/** The close code of every client-initiated close that must leave the session resumable. */
	public static final int RESUMABLE_CLOSE_CODE = 4900;

	/** How long to wait for the gateway to finish a close handshake before dropping the socket. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

	private static final int LATENCY_SAMPLES = 16;

	/** Attempts on {@code resume_gateway_url} that may fail before Hello before the main URL is used instead. */
	static final int RESUME_URL_ATTEMPTS = 2;

	static final int PRESENCE_LIMIT = 5;

	static final Duration PRESENCE_WINDOW = Duration.ofSeconds(20);

	/** Heartbeats whose ACK is awaited at once; more means the gateway stopped answering long ago. */
	private static final int MAX_OUTSTANDING_BEATS = 8;

	private final int shardId;

	private final int totalShards;

	private final ShardConfig config;

	private final IdentifyRateLimiter identifyLimiter;

	private final Logger log;

	private final JsonMapper mapper;

	private final ShardObserver observer;

	private final HttpClient.WebsocketSender http;

	private final Sinks.Many<ShardLifecycleEvent> lifecycle = Sinks.many().multicast().directBestEffort();

	private final Sinks.Empty<Void> done = Sinks.empty();

	private final Sinks.Empty<Void> terminated = Sinks.empty();

	/** Terminated, and every dispatch received was handed to the sink (or the buffer never existed). */
	private final Sinks.Empty<Void> drained = Sinks.empty();

	private final Queue<PendingSend> pending = new ConcurrentLinkedQueue<>();

	private final AtomicLong reconnects = new AtomicLong();

	private final long[] latencies = new long[LATENCY_SAMPLES];

	private int latencyCount;

	private volatile ShardState state = ShardState.DISCONNECTED;

	private volatile String sessionId;

	private volatile String resumeUrl;

	private volatile long sequence = Envelope.NO_SEQUENCE;

	/**
	 * Counts sessions (bumped when one is dropped, before the fields are cleared): what the buffer delivered is only
	 * this session's if the buffer's position carries the same epoch.
	 */
	private volatile int sessionEpoch;

	/** Set before {@link #run}: the buffer delivers nothing before it completes (a previous buffer draining). */
	private Mono<Void> deliverAfter;

	private volatile Instant sessionStartedAt;

	private volatile int lastCloseCode = -1;

	private volatile long lastLatencyNanos = -1;

	private volatile GatewayException failure;

	/** Set while the session-start budget is spent: when it resets (see {@link #identifyBlockedUntil()}). */
	private volatile Instant identifyBlockedUntil;

	private volatile ShutdownMode shutdownMode;

	private volatile DispatchBuffer buffer;

	private volatile Conn current;

	private Disposable pendingConnect;

	/** Outbound window; Discord's unless a test shortens it (paired with a simulator using the same window). */
	private volatile int sendLimit = SendLimiter.GATEWAY_LIMIT;

	private volatile Duration sendWindow = SendLimiter.GATEWAY_WINDOW;

	private boolean started;

	/** Failed attempts since the last READY/RESUMED (drives the backoff). */
	private int failures;

	/** Attempts on {@code resume_gateway_url} in a row that ended before Hello; at two the URL is dropped. */
	private int resumeUrlFailures;

	/** When the last connection that had gone live ended ({@code null} while live or unknown). */
	private volatile Instant disconnectedAt;

	/**
	 * Presence updates have a limit of their own, on top of the connection's 120 per 60 s: 5 per 20 s
	 * (<a href="https://discord.com/developers/docs/events/gateway-events#update-presence">Update Presence</a>).
	 * Per shard, so a reconnect does not reset it. Used from the pumping connection's event loop only.
	 */
	private SendLimiter presenceLimiter = new SendLimiter(PRESENCE_LIMIT, PRESENCE_WINDOW, System::nanoTime);

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
		this.shardId = shardId;
		this.totalShards = totalShards;
		this.config = config;
		this.identifyLimiter = (limiter != null) ? limiter : new InMemoryIdentifyRateLimiter(config.maxConcurrency());
		this.log = LoggerFactory.getLogger(Shard.class.getName() + "." + shardId);
		this.mapper = config.jsonMapper();
		this.observer = config.observer();
		// Not pooled: a gateway connection lives for hours, and Reactor Netty's shared pool would cap a process
		// at 500 connections to gateway.discord.gg (the default per-address limit).
		this.http = HttpClient.newConnection()
			.websocket(WebsocketClientSpec.builder()
				.maxFramePayloadLength(config.maxInboundMessageSize())
				.handlePing(false)
				.build());
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
		return this.state;
	}

	/** The last dispatch sequence of the current session. */
	public OptionalLong sequence() {
		long s = this.sequence;
		return (s >= 0) ? OptionalLong.of(s) : OptionalLong.empty();
	}

	/** The last heartbeat round trip. */
	public Optional<Duration> latency() {
		long l = this.lastLatencyNanos;
		return (l >= 0) ? Optional.of(Duration.ofNanos(l)) : Optional.empty();
	}

	/** Mean heartbeat round trip over recent beats. */
	public Optional<Duration> averageLatency() {
		synchronized (this.latencies) {
			if (this.latencyCount == 0) {
				return Optional.empty();
			}
			int n = Math.min(this.latencyCount, LATENCY_SAMPLES);
			long sum = 0;
			for (int i = 0; i < n; i++) {
				sum += this.latencies[i];
			}
			return Optional.of(Duration.ofNanos(sum / n));
		}
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
		DispatchBuffer b = this.buffer;
		while (true) {
			int epoch = this.sessionEpoch;
			String id = this.sessionId;
			String url = this.resumeUrl;
			long received = this.sequence;
			if (epoch != this.sessionEpoch) {
				continue; // a new session started while reading: read again
			}
			if (id == null) {
				return Optional.empty();
			}
			long delivered = Math.max(received, 0);
			if (b != null) {
				long position = b.position();
				if (!DispatchBuffer.isOf(position, epoch)) {
					return Optional.empty();
				}
				delivered = DispatchBuffer.sequenceOf(position);
			}
			return Optional.of(SessionInfo.of(id, url, delivered, this.shardId, this.totalShards,
					this.config.intents()));
		}
	}

	/**
	 * The session at the last sequence <em>received</em>: resumes it with no duplicate, but only in this process,
	 * where the buffer still holds what was not delivered (a restart of the shard; see {@link #deliverAfter}).
	 */
	Optional<SessionInfo> receivedSession() {
		String id = this.sessionId;
		return (id != null) ? Optional.of(SessionInfo.of(id, this.resumeUrl, Math.max(this.sequence, 0), this.shardId,
				this.totalShards, this.config.intents())) : Optional.empty();
	}

	/** When the current session started (READY), if there is one. */
	public Optional<Instant> sessionStartedAt() {
		return (this.sessionId != null) ? Optional.ofNullable(this.sessionStartedAt) : Optional.empty();
	}

	/** The last close code received or sent, if any. */
	public OptionalInt lastCloseCode() {
		int c = this.lastCloseCode;
		return (c >= 0) ? OptionalInt.of(c) : OptionalInt.empty();
	}

	/** How many times this shard has reconnected. */
	public long reconnectCount() {
		return this.reconnects.get();
	}

	/** Dispatches received but not yet handed to the sink. */
	public int bufferedEvents() {
		DispatchBuffer b = this.buffer;
		return (b != null) ? b.size() : 0;
	}

	/**
	 * When the session-start budget was found spent and this shard waits, {@link ShardState#RECONNECTING}, for its
	 * reset before identifying: the reset time. Empty otherwise.
	 */
	public Optional<Instant> identifyBlockedUntil() {
		return this.state.isTerminal() ? Optional.empty() : Optional.ofNullable(this.identifyBlockedUntil);
	}

	/** The error that stopped the shard, if it stopped fatally. */
	public Optional<GatewayException> failure() {
		return Optional.ofNullable(this.failure);
	}

	/**
	 * Start from a saved session (e.g. restored from a store) so the first connection resumes. A session of another
	 * shard id, shard count or intents, or one that does not record them, is not resumed: the shard identifies (and
	 * logs why), since the session would deliver guilds or events that are not this shard's.
	 */
	public synchronized Shard resumeFrom(SessionInfo session) {
		if (this.started) {
			throw new IllegalStateException("resumeFrom must be called before run");
		}
		if (session == null || session.sessionId() == null || session.sessionId().isBlank()) {
			throw new IllegalArgumentException("session and its sessionId are required");
		}
		Optional<String> mismatch = session.incompatibility(this.shardId, this.totalShards, this.config.intents());
		if (mismatch.isPresent()) {
			this.log.warn("Shard {}: not resuming the saved session: {}; identifying instead", this.shardId,
					mismatch.get());
			return this;
		}
		this.sessionId = session.sessionId();
		this.resumeUrl = session.resumeGatewayUrl();
		this.sequence = session.sequence();
		// a checkpoint is saved while its session is live: older than the resume window, it is not resumed
		this.disconnectedAt = session.savedAt();
		return this;
	}

	/**
	 * Deliver nothing before {@code previous} completes (successfully or not): a restarted shard's new buffer waits
	 * for the old one to drain, so that the shard's dispatches stay in order across the restart.
	 */
	synchronized Shard deliverAfter(Mono<Void> previous) {
		if (this.started) {
			throw new IllegalStateException("deliverAfter must be called before run");
		}
		this.deliverAfter = previous;
		return this;
	}

	/**
	 * Completes once the shard has terminated and every dispatch it received has been handed to the sink (the
	 * delivery threads are daemons: a graceful stop waits for this, or buffered dispatches die with the process).
	 * Unlike {@link #run}'s {@code Mono} it also completes after a fatal close, and it never errors.
	 */
	public Mono<Void> drained() {
		return this.drained.asMono();
	}

	/** Subscribing starts the shard; completes on shutdown, errors with {@link FatalCloseException} on a fatal close. */
	public Mono<Void> run(ShardSink sink) {
		if (sink == null) {
			throw new IllegalArgumentException("sink is required");
		}
		return Mono.defer(() -> {
			synchronized (this) {
				if (this.started) {
					return Mono.error(new IllegalStateException("Shard " + this.shardId + " is already running"));
				}
				this.started = true;
				if (this.state.isTerminal()) {
					return this.done.asMono();
				}
				try {
					checkUrl(this.config.gatewayUrl(), "gatewayUrl");
					if (this.config.compression() == Compression.ZSTD_STREAM) {
						ZstdSupport.requireAvailable();
					}
				}
				catch (GatewayException ex) {
					this.failure = ex;
					this.state = ShardState.FATALLY_CLOSED;
					this.terminated.tryEmitEmpty();
					this.drained.tryEmitEmpty();
					return Mono.error(ex);
				}
				this.sinkRef = sink;
				// a resumed session counts as delivered up to its sequence (by the previous owner or buffer)
				this.buffer = new DispatchBuffer(this.config.eventBufferSize(), sink,
						sink.nonBlocking() ? Runnable::run : this.config.deliveryThreads().lane(this.shardId), this.log,
						(this.sessionId != null) ? Math.max(this.sequence, 0) : -1, this.deliverAfter);
				connect();
			}
			return this.done.asMono();
		}).doOnCancel(() -> shutdown(ShutdownMode.FINAL).subscribe());
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
			bytes = this.mapper.writeValueAsBytes(payload);
		}
		if (bytes.length > ShardConfig.MAX_OUTBOUND_PAYLOAD) {
			throw new PayloadTooLargeException(bytes.length, ShardConfig.MAX_OUTBOUND_PAYLOAD);
		}
		Envelope envelope;
		try {
			envelope = EnvelopeReader.read(bytes);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("A gateway payload must be a JSON object with an integer op", ex);
		}
		int op = envelope.op();
		if (op == 1 || op == 2 || op == 6) {
			throw new IllegalArgumentException("op " + op + " is sent by the shard itself");
		}
		if (isReceiveOnly(op)) {
			// the gateway answers a client that sends one of these with close 4001 (unknown opcode)
			throw new IllegalArgumentException("op " + op + " is only ever sent by the gateway, never to it");
		}
		PendingSend send = new PendingSend(bytes, op, System.nanoTime());
		// checked and queued under the lock the shard's end takes to fail what is queued: a payload either sees
		// the end here or is failed by it, never left pending
		synchronized (this) {
			if (this.state.isTerminal() || this.shutdownMode != null) {
				return Mono.error(new GatewayException("Shard " + this.shardId + " is shut down; payload not sent"));
			}
			Runnable hook = this.beforeQueueing;
			if (hook != null) {
				hook.run();
			}
			this.pending.add(send);
		}
		Conn c = this.current;
		if (c != null) {
			c.schedulePump();
		}
		return send.result.asMono();
	}

	/**
	 * Opcodes the gateway sends and never receives
	 * (<a href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes">Gateway
	 * Opcodes</a>): Dispatch, Reconnect, Invalid Session, Hello and Heartbeat ACK.
	 */
	private static boolean isReceiveOnly(int op) {
		return op == 0 || op == 7 || op == 9 || op == 10 || op == 11;
	}

	/** Close the current connection (resumably) and reconnect. */
	public Mono<Void> reconnect() {
		return Mono.fromRunnable(() -> {
			Conn c = this.current;
			if (c != null) {
				c.requestClose(RESUMABLE_CLOSE_CODE, "reconnect requested",
						Outcome.reconnect(ReconnectCause.REQUESTED, RESUMABLE_CLOSE_CODE, "requested", Delay.NONE,
								false));
			}
		});
	}

	/** Test hook: runs in {@link #sendPayload} between the check that the shard still runs and the queueing. */
	volatile Runnable beforeQueueing;

	/** Test hook: a shorter presence window, so its pacing can be shown without waiting 20 s. */
	Shard presenceLimit(int limit, Duration window) {
		this.presenceLimiter = new SendLimiter(limit, window, System::nanoTime);
		return this;
	}

	/** Test hook: a shorter send window, so pacing can be shown against a simulator with the same window. */
	Shard sendLimit(int limit, Duration window) {
		this.sendLimit = limit;
		this.sendWindow = window;
		return this;
	}

	/** {@code shutdown(ShutdownMode.FINAL)}. */
	public Mono<Void> shutdown() {
		return shutdown(ShutdownMode.FINAL);
	}

	/**
	 * Starts closing at once; the returned {@code Mono} completes when closed. {@code FINAL} closes with 1000 (the
	 * session ends); {@code RESUMABLE} closes with {@link #RESUMABLE_CLOSE_CODE} and keeps {@link #session()}.
	 */
	public Mono<Void> shutdown(ShutdownMode mode) {
		if (mode == null) {
			throw new IllegalArgumentException("mode is required");
		}
		Conn c;
		synchronized (this) {
			if (this.state.isTerminal()) {
				return this.terminated.asMono();
			}
			if (this.shutdownMode == null) {
				this.shutdownMode = mode;
			}
			this.state = ShardState.DISCONNECTING;
			c = this.current;
			if (c == null) {
				if (this.pendingConnect != null) {
					this.pendingConnect.dispose();
					this.pendingConnect = null;
				}
				if (!sayFarewell()) {
					terminateShutdown();
				}
				return this.terminated.asMono();
			}
		}
		int code = (this.shutdownMode == ShutdownMode.FINAL) ? 1000 : RESUMABLE_CLOSE_CODE;
		c.requestClose(code, "shutdown", Outcome.SHUTDOWN);
		return this.terminated.asMono();
	}

	/** Hot stream of lifecycle events (best effort: a slow subscriber misses events rather than blocking). */
	public Flux<ShardLifecycleEvent> lifecycle() {
		return this.lifecycle.asFlux();
	}

	@Override
	public String toString() {
		return "Shard[" + this.shardId + "/" + this.totalShards + ", " + this.state + "]";
	}

	// ---------------------------------------------------------------------------------------------------------
	// shard-level transitions

	private void emit(ShardLifecycleEvent event) {
		synchronized (this.lifecycle) {
			this.lifecycle.tryEmitNext(event);
		}
	}

	private synchronized void connect() {
		this.pendingConnect = null;
		// the wait for the budget's reset (if any) is over; a refusal on this connection sets it again
		this.identifyBlockedUntil = null;
		if (this.state.isTerminal() || this.current != null) {
			return;
		}
		if (this.shutdownMode != null) {
			if (!sayFarewell()) {
				terminateShutdown();
			}
			return;
		}
		Instant since = this.disconnectedAt;
		if (this.sessionId != null && since != null
				&& Duration.between(since, Instant.now()).compareTo(this.config.sessionResumeWindow()) > 0) {
			// Discord no longer keeps it: a resume would only earn op 9 and a wasted connection
			this.log.info("Shard {}: session {} has been disconnected since {}, longer than the resume window {}; "
					+ "identifying", this.shardId, this.sessionId, since, this.config.sessionResumeWindow());
			clearSession();
		}
		boolean resume = this.sessionId != null;
		this.state = ShardState.CONNECTING;
		open(resume, false);
	}

	/** Opens a connection: to {@code resume_gateway_url} when resuming and it is usable, else the main URL. */
	private void open(boolean resume, boolean farewell) {
		String base = this.config.gatewayUrl().toString();
		boolean onResumeUrl = false;
		if (resume && this.resumeUrl != null) {
			try {
				checkUrl(URI.create(this.resumeUrl), "resume_gateway_url");
				base = this.resumeUrl;
				onResumeUrl = true;
			}
			catch (RuntimeException ex) {
				this.log.warn("Shard {}: not using resume_gateway_url: {}", this.shardId, ex.getMessage());
			}
		}
		URI uri = gatewayUri(base);
		Conn c = new Conn(resume, uri, onResumeUrl, farewell);
		this.current = c;
		this.log.debug("Shard {}: connecting to {} ({})", this.shardId, uri,
				farewell ? "resume to end the session" : resume ? "resume" : "identify");
		c.start();
	}

	/**
	 * On a final shutdown, a session that is still resumable at Discord (its last connection ended without a 1000
	 * close: dropped, closed resumably, or shut down while a resumable close was under way) would linger online
	 * until Discord times it out. One last connection resumes it only to close it with 1000
	 * (<a href="https://discord.com/developers/docs/events/gateway#initiating-a-disconnect">Initiating a
	 * Disconnect</a>). Caller holds the lock.
	 * @return whether that connection was started
	 */
	private boolean sayFarewell() {
		if (this.shutdownMode != ShutdownMode.FINAL || this.sessionId == null || this.state.isTerminal()) {
			return false;
		}
		this.state = ShardState.DISCONNECTING;
		open(true, true);
		return true;
	}

	private synchronized void afterConnection(Conn c, Outcome outcome) {
		if (this.current == c) {
			this.current = null;
		}
		if (c.live) {
			this.disconnectedAt = Instant.now();
		}
		if (this.state.isTerminal()) {
			return;
		}
		if (outcome.kind == Kind.FATAL) {
			terminateFatal(outcome);
			return;
		}
		if (outcome.dropSession) {
			clearSession();
		}
		if (this.shutdownMode != null) {
			if (c.farewell || c.closedForGood || !sayFarewell()) {
				terminateShutdown();
			}
			return;
		}
		if (c.onResumeUrl) {
			countResumeUrlAttempt(c);
		}
		Duration delay = switch (outcome.delay) {
			case NONE -> Duration.ZERO;
			case BACKOFF -> {
				long ceiling = this.config.reconnectBackoff().ceiling(this.failures++).toNanos();
				yield Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
			}
			case INVALID_SESSION -> {
				long min = this.config.invalidSessionDelayMin().toNanos();
				long max = this.config.invalidSessionDelayMax().toNanos();
				yield Duration.ofNanos(min + ((max > min) ? ThreadLocalRandom.current().nextLong(max - min + 1) : 0));
			}
			case SESSION_START_LIMIT -> budgetResetDelay();
		};
		boolean resume = this.sessionId != null;
		this.reconnects.incrementAndGet();
		this.state = ShardState.RECONNECTING;
		this.log.info("Shard {}: reconnecting in {} ms ({}{}), {}", this.shardId, delay.toMillis(), outcome.cause,
				(outcome.detail != null) ? ": " + outcome.detail : "", resume ? "will resume" : "will identify");
		emit(new ShardLifecycleEvent.Reconnecting(this.shardId, outcome.cause, outcome.closeCode, outcome.detail,
				resume));
		this.observer.onReconnect(this.shardId, outcome.cause);
		if (delay.isZero()) {
			connect();
		}
		else {
			this.pendingConnect = Mono.delay(delay).subscribe((x) -> connect());
		}
	}

	/**
	 * A resume URL that fails {@value #RESUME_URL_ATTEMPTS} times in a row before Hello (refused, no upgrade, no
	 * Hello) is dropped: the session is still resumable through the main URL, which may also be reached when the
	 * resume host is down. Caller holds the lock.
	 */
	private void countResumeUrlAttempt(Conn c) {
		if (c.hello) {
			this.resumeUrlFailures = 0;
			return;
		}
		if (++this.resumeUrlFailures >= RESUME_URL_ATTEMPTS && this.resumeUrl != null) {
			this.log.warn("Shard {}: resume_gateway_url {} failed {} times in a row; resuming through the main URL",
					this.shardId, this.resumeUrl, this.resumeUrlFailures);
			this.resumeUrl = null;
			this.resumeUrlFailures = 0;
		}
	}

	/** Until the budget's reset (never less than a second: no tight loop on a reset_after of 0), plus jitter. */
	private Duration budgetResetDelay() {
		Instant until = this.identifyBlockedUntil;
		long wait = (until != null) ? Duration.between(Instant.now(), until).toMillis() : 0;
		return Duration.ofMillis(Math.max(wait, 1000) + ThreadLocalRandom.current().nextLong(250));
	}

	private void terminateFatal(Outcome outcome) {
		GatewayException error = outcome.error;
		this.failure = error;
		this.state = ShardState.FATALLY_CLOSED;
		this.log.error("Shard {}: stopped: {}", this.shardId, error.getMessage());
		emit(new ShardLifecycleEvent.FatallyClosed(this.shardId, outcome.closeCode, outcome.detail, error));
		failPending(error);
		finishRun(() -> this.done.tryEmitError(error));
	}

	private void terminateShutdown() {
		ShutdownMode mode = this.shutdownMode;
		if (mode == ShutdownMode.FINAL) {
			clearSession();
		}
		this.state = ShardState.SHUT_DOWN;
		this.log.info("Shard {}: shut down ({})", this.shardId, mode);
		emit(new ShardLifecycleEvent.ShutDown(this.shardId, mode));
		failPending(new GatewayException("Shard " + this.shardId + " shut down; payload not sent"));
		finishRun(this.done::tryEmitEmpty);
	}

	private void finishRun(Runnable signal) {
		this.terminated.tryEmitEmpty();
		DispatchBuffer b = this.buffer;
		if (b != null) {
			b.whenDrained(() -> {
				this.drained.tryEmitEmpty();
				signal.run();
				emitComplete();
			});
		}
		else {
			this.drained.tryEmitEmpty();
			signal.run();
			emitComplete();
		}
	}

	private void emitComplete() {
		synchronized (this.lifecycle) {
			this.lifecycle.tryEmitComplete();
		}
	}

	private void failPending(GatewayException error) {
		PendingSend p;
		while ((p = this.pending.poll()) != null) {
			p.result.tryEmitError(error);
		}
	}

	private void clearSession() {
		// the epoch first: a reader that saw the old id also sees the epoch change and reads again
		int epoch = this.sessionEpoch + 1;
		this.sessionEpoch = epoch;
		DispatchBuffer b = this.buffer;
		if (b != null) {
			b.newSession(this.shardId, epoch);
		}
		this.sessionId = null;
		this.resumeUrl = null;
		this.resumeUrlFailures = 0;
		this.disconnectedAt = null;
		this.sequence = Envelope.NO_SEQUENCE;
		this.sessionStartedAt = null;
	}

	private void recordLatency(long nanos) {
		this.lastLatencyNanos = nanos;
		synchronized (this.latencies) {
			this.latencies[this.latencyCount % LATENCY_SAMPLES] = nanos;
			this.latencyCount++;
		}
		this.observer.onHeartbeatAck(this.shardId, Duration.ofNanos(nanos));
	}

	private URI gatewayUri(String base) {
		URI u = URI.create(base);
		String path = (u.getRawPath() == null || u.getRawPath().isEmpty()) ? "/" : u.getRawPath();
		String compress = switch (this.config.compression()) {
			case NONE -> "";
			case ZLIB_STREAM -> "&compress=zlib-stream";
			case ZSTD_STREAM -> "&compress=zstd-stream";
		};
		try {
			return new URI(u.getScheme() + "://" + u.getRawAuthority() + path + "?v=" + this.config.apiVersion()
					+ "&encoding=json" + compress);
		}
		catch (URISyntaxException ex) {
			throw new GatewayException("Invalid gateway URL " + base, ex);
		}
	}

	/** Refuses plain ws:// to anything but loopback (the token travels in Identify). */
	private void checkUrl(URI uri, String what) {
		String scheme = uri.getScheme();
		if ("wss".equalsIgnoreCase(scheme)) {
			return;
		}
		if (!"ws".equalsIgnoreCase(scheme)) {
			throw new GatewayException(what + " must be a ws:// or wss:// URL, was " + uri);
		}
		if (this.config.allowInsecureGateway() || isLoopback(uri.getHost())) {
			return;
		}
		throw new GatewayException(what + " " + uri + " is plain ws:// to a non-loopback host; the bot token would "
				+ "travel unencrypted. Use wss:// or set allowInsecureGateway");
	}

	private static boolean isLoopback(String host) {
		if (host == null) {
			return false;
		}
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		String h = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
			return false; // a name other than localhost: do not resolve it here
		}
		try {
			return InetAddress.getByName(h).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// outcomes of a connection

	private enum Kind {

		RECONNECT, FATAL, SHUTDOWN

	}

	private enum Delay {

		NONE, BACKOFF, INVALID_SESSION,

		/** Until the session-start budget resets ({@link #identifyBlockedUntil}). */
		SESSION_START_LIMIT

	}

	private record Outcome(Kind kind, ReconnectCause cause, int closeCode, String detail, Delay delay,
			boolean dropSession, GatewayException error) {

		static final Outcome SHUTDOWN = new Outcome(Kind.SHUTDOWN, null, -1, null, Delay.NONE, false, null);

		static Outcome reconnect(ReconnectCause cause, int code, String detail, Delay delay, boolean dropSession) {
			return new Outcome(Kind.RECONNECT, cause, code, detail, delay, dropSession, null);
		}

		static Outcome fatal(int code, String detail, GatewayException error) {
			return new Outcome(Kind.FATAL, null, code, detail, Delay.NONE, true, error);
		}

	}

	private static final class PendingSend {

		final byte[] bytes;

		final int op;

		final long enqueuedNanos;

		final Sinks.Empty<Void> result = Sinks.empty();

		PendingSend(byte[] bytes, int op, long enqueuedNanos) {
			this.bytes = bytes;
			this.op = op;
			this.enqueuedNanos = enqueuedNanos;
		}

	}

	// ---------------------------------------------------------------------------------------------------------
	// one connection

	/**
	 * One WebSocket connection. After {@link #onOpen} every method runs on the channel's event loop.
	 */
	private final class Conn {

		final boolean resume;

		final URI uri;

		/** Connected to {@code resume_gateway_url} (counts toward dropping it when it fails before Hello). */
		final boolean onResumeUrl;

		/** Opened on a final shutdown only to resume the session and close it with 1000; delivers nothing. */
		final boolean farewell;

		/** We sent 1000 on this connection after READY/RESUMED: the session is over at Discord. */
		boolean closedForGood;

		/** Messages in a row that were not gateway messages (see {@link #onMalformed}). */
		int malformedInARow;

		/** From the start of the TCP connect until Hello: covers the connect and the WebSocket upgrade too. */
		Disposable handshakeTimer;

		/** Send times of heartbeats not yet acknowledged, oldest first (ACKs come in order). */
		final java.util.ArrayDeque<Long> outstandingBeats = new java.util.ArrayDeque<>(MAX_OUTSTANDING_BEATS);

		/** When the heartbeat timer last fired; a beat still unacknowledged from then on is a zombie sign. */
		long lastTimerBeat = Long.MIN_VALUE;

		/** Reads were paused since the READY/RESUMED timer was armed (the answer may be sitting unread). */
		boolean pausedSinceReadyTimer;

		final InboundDecoder decoder;

		final SendLimiter sendLimiter = new SendLimiter(Shard.this.sendLimit, Shard.this.sendWindow, System::nanoTime);

		final Sinks.Empty<Void> closed = Sinks.empty();

		final AtomicBoolean finished = new AtomicBoolean();

		Disposable connecting;

		boolean aborted;

		Channel channel;

		EventLoop loop;

		WebsocketOutbound out;

		Reader reader;

		volatile WebSocketCloseStatus serverClose;

		ScheduledFuture<?> heartbeat;

		ScheduledFuture<?> readyTimer;

		Disposable identifyWait;

		/** The permit of the IDENTIFY written on this connection until READY, op 9 or the end of the connection. */
		IdentifyRateLimiter.IdentifyPermit unsettledPermit;

		boolean hello;

		boolean live;

		boolean decoderClosed;

		/** The inbound stream can no longer be trusted (see {@link #onBrokenStream}); later frames are ignored. */
		boolean streamBroken;

		boolean paused;

		boolean pausedThisInterval;

		boolean pumpScheduled;

		long replayed;

		Outcome closing;

		Conn(boolean resume, URI uri, boolean onResumeUrl, boolean farewell) {
			this.resume = resume;
			this.uri = uri;
			this.onResumeUrl = onResumeUrl;
			this.farewell = farewell;
			this.decoder = InboundDecoder.create(Shard.this.config.compression(),
					Shard.this.config.maxInboundMessageSize());
		}

		void start() {
			// armed before the connect: a peer that accepts TCP and never answers the upgrade (or never says
			// Hello) must not hold the shard; Reactor Netty has no upgrade timeout of its own
			this.handshakeTimer = Mono.delay(Shard.this.config.helloTimeout()).subscribe((x) -> onHandshakeTimeout());
			this.connecting = Shard.this.http.uri(this.uri.toString()).handle((in, out) -> {
				this.out = out;
				in.withConnection(this::onOpen);
				in.receiveCloseStatus().subscribe((status) -> this.serverClose = status, (err) -> {
				});
				Reader r = new Reader();
				this.reader = r;
				in.aggregateFrames(Shard.this.config.maxInboundMessageSize()).receiveFrames().subscribe(r);
				return this.closed.asMono();
			}).subscribe(null, this::onConnectError);
		}

		/** From a timer thread. */
		private void onHandshakeTimeout() {
			if (abortIfNotOpen(
					Outcome.reconnect(ReconnectCause.TIMEOUT, -1, "no WebSocket upgrade", Delay.BACKOFF, false))) {
				Shard.this.log.warn("Shard {}: no WebSocket upgrade from {} within {}; reconnecting",
						Shard.this.shardId, this.uri, Shard.this.config.helloTimeout());
				return;
			}
			this.loop.execute(() -> {
				if (!this.hello) {
					timeout("no Hello");
				}
			});
		}

		/** Ends the attempt with {@code outcome} if the connection is not open yet; from any thread. */
		private boolean abortIfNotOpen(Outcome outcome) {
			synchronized (this) {
				if (this.loop != null) {
					return false;
				}
				this.aborted = true;
			}
			if (this.connecting != null) {
				this.connecting.dispose();
			}
			this.decoder.close();
			finish(outcome);
			return true;
		}

		private void onConnectError(Throwable error) {
			synchronized (this) {
				if (this.channel != null) {
					// the channel's own dispose callback classifies the end of an open connection
					Shard.this.log.debug("Shard {}: connection error", Shard.this.shardId, error);
					return;
				}
			}
			this.decoder.close();
			Shard.this.log.warn("Shard {}: could not connect to {}: {}", Shard.this.shardId, this.uri,
					error.toString());
			finish(Outcome.reconnect(ReconnectCause.TRANSPORT, -1, "connect failed: " + error.getMessage(),
					Delay.BACKOFF, false));
		}

		private void onOpen(Connection connection) {
			synchronized (this) {
				if (this.aborted) {
					connection.dispose();
					return;
				}
				this.channel = connection.channel();
				this.loop = this.channel.eventLoop();
			}
			connection.onDispose(() -> this.loop.execute(this::onDisposed));
			advance(ShardState.HANDSHAKING);
			emit(new ShardLifecycleEvent.Connected(Shard.this.shardId, this.uri.toString()));
		}

		/** A step of the handshake; a shard that is shutting down stays DISCONNECTING. */
		private void advance(ShardState next) {
			if (Shard.this.shutdownMode == null && !Shard.this.state.isTerminal()) {
				Shard.this.state = next;
			}
		}

		/** From any thread. */
		void requestClose(int code, String reason, Outcome outcome) {
			if (abortIfNotOpen(outcome)) {
				return;
			}
			this.loop.execute(() -> closeWith(code, reason, outcome, false));
		}

		void schedulePump() {
			EventLoop l = this.loop;
			if (l != null) {
				l.execute(this::pump);
			}
		}

		private void finish(Outcome outcome) {
			if (this.finished.compareAndSet(false, true)) {
				afterConnection(this, outcome);
			}
		}

		private void onDisposed() {
			cancelTimers();
			if (!this.decoderClosed) {
				this.decoderClosed = true;
				this.decoder.close();
			}
			this.closed.tryEmitEmpty();
			Outcome outcome = this.closing;
			if (outcome == null) {
				outcome = classify(this.serverClose);
			}
			finish(outcome);
		}

		private Outcome classify(WebSocketCloseStatus status) {
			if (status == null || status.code() == 1006) {
				Shard.this.lastCloseCode = 1006;
				Shard.this.log.info("Shard {}: connection dropped without a close frame", Shard.this.shardId);
				return Outcome.reconnect(ReconnectCause.TRANSPORT, 1006, "connection dropped", Delay.BACKOFF, false);
			}
			int code = status.code();
			String reason = status.reasonText();
			Shard.this.lastCloseCode = code;
			Shard.this.log.info("Shard {}: gateway closed with {} {}", Shard.this.shardId, code, reason);
			return switch (CloseCode.actionFor(code)) {
				case FATAL -> Outcome.fatal(code, reason, CloseCode.exceptionFor(code, reason));
				case RESUME -> Outcome.reconnect(ReconnectCause.CLOSE_CODE, code, reason, Delay.BACKOFF, false);
				case NEW_SESSION -> Outcome.reconnect(ReconnectCause.CLOSE_CODE, code, reason, Delay.BACKOFF, true);
			};
		}

		private void cancelTimers() {
			if (this.heartbeat != null) {
				this.heartbeat.cancel(false);
			}
			if (this.handshakeTimer != null) {
				this.handshakeTimer.dispose();
			}
			if (this.readyTimer != null) {
				this.readyTimer.cancel(false);
			}
			if (this.identifyWait != null) {
				this.identifyWait.dispose();
			}
			settleIdentify();
		}

		/** The server has counted our IDENTIFY by now (or never will): its bucket's window may restart from here. */
		private void settleIdentify() {
			IdentifyRateLimiter.IdentifyPermit permit = this.unsettledPermit;
			if (permit != null) {
				this.unsettledPermit = null;
				Shard.this.identifyLimiter.identifySettled(permit);
			}
		}

		/**
		 * Close from our side; {@code outcome} decides what follows, whatever close code the gateway echoes.
		 * @param abort drop the socket right after the close frame (the peer is presumed dead or the stream broken)
		 */
		private void closeWith(int code, String reason, Outcome outcome, boolean abort) {
			if (this.closing != null) {
				return;
			}
			this.closing = outcome;
			// a 1000 ends the session only on a connection that carries it (READY or RESUMED seen)
			this.closedForGood = (code == 1000 || code == 1001) && this.live;
			Shard.this.lastCloseCode = code;
			cancelTimers();
			if (Shard.this.state != ShardState.DISCONNECTING) {
				Shard.this.state = ShardState.RECONNECTING;
			}
			Shard.this.log.debug("Shard {}: closing with {} ({})", Shard.this.shardId, code, reason);
			Channel ch = this.channel;
			if (!ch.isActive()) {
				return;
			}
			this.out.sendClose(code, reason)
				.timeout(CLOSE_TIMEOUT)
				.onErrorResume((e) -> Mono.empty())
				.subscribe(null, null, () -> {
					if (abort) {
						ch.close();
					}
				});
			// a gateway that never answers the close frame must not keep us waiting
			this.loop.schedule(() -> {
				if (ch.isActive()) {
					ch.close();
				}
			}, abort ? 200 : CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}

		private void timeout(String what) {
			Shard.this.log.warn("Shard {}: {} within the timeout; reconnecting", Shard.this.shardId, what);
			closeWith(RESUMABLE_CLOSE_CODE, what,
					Outcome.reconnect(ReconnectCause.TIMEOUT, RESUMABLE_CLOSE_CODE, what, Delay.BACKOFF, false), true);
		}

		// ----- inbound

		private final class Reader extends BaseSubscriber<WebSocketFrame> {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				subscription.request(1);
			}

			@Override
			protected void hookOnNext(WebSocketFrame frame) {
				try {
					onFrame(frame);
				}
				catch (RuntimeException ex) {
					Shard.this.log.error("Shard {}: error handling a gateway message; continuing", Shard.this.shardId,
							ex);
				}
				requestMore();
			}

			@Override
			protected void hookOnError(Throwable error) {
				Shard.this.log.debug("Shard {}: inbound error: {}", Shard.this.shardId, error.toString());
			}

			private void requestMore() {
				DispatchBuffer b = Shard.this.buffer;
				if (!b.isFull()) {
					request(1);
					return;
				}
				// stop reading: no demand means Reactor Netty stops reading the socket; heartbeats go on
				Conn.this.paused = true;
				Conn.this.pausedThisInterval = true;
				Conn.this.pausedSinceReadyTimer = true;
				Shard.this.log.debug("Shard {}: event buffer full, pausing reads", Shard.this.shardId);
				b.onRoom(() -> Conn.this.loop.execute(() -> {
					if (Conn.this.paused) {
						Conn.this.paused = false;
						request(1);
					}
				}));
			}

		}

		private void onFrame(WebSocketFrame frame) {
			if (this.decoderClosed || this.streamBroken) {
				return;
			}
			int wire = frame.content().readableBytes();
			byte[] json;
			try {
				if (frame instanceof TextWebSocketFrame) {
					json = InboundDecoder.copy(frame.content(), Shard.this.config.maxInboundMessageSize());
				}
				else if (frame instanceof BinaryWebSocketFrame) {
					json = this.decoder.decode(frame.content());
				}
				else {
					return;
				}
			}
			catch (InboundDecodeException ex) {
				Shard.this.observer.onFrame(Shard.this.shardId, wire, 0);
				Shard.this.log.error("Shard {}: refused an inbound message: {}; reconnecting", Shard.this.shardId,
						ex.getMessage());
				onBrokenStream("decode failure", ex.getMessage());
				return;
			}
			Shard.this.observer.onFrame(Shard.this.shardId, wire, (json != null) ? json.length : 0);
			if (json != null) {
				onMessage(json);
			}
		}

		private void onMessage(byte[] json) {
			if (Shard.this.log.isTraceEnabled()) {
				Shard.this.log.trace("Shard {} << {}", Shard.this.shardId, abbreviate(json));
			}
			Envelope envelope;
			try {
				envelope = EnvelopeReader.read(json);
			}
			catch (IllegalArgumentException ex) {
				onMalformed(json, ex);
				return;
			}
			this.malformedInARow = 0;
			switch (envelope.op()) {
				case 0 -> onDispatch(envelope, json);
				case 1 -> {
					if (this.hello && this.closing == null) {
						sendHeartbeat(System.nanoTime());
					}
				}
				case 7 -> {
					Shard.this.log.info("Shard {}: gateway asked us to reconnect (op 7)", Shard.this.shardId);
					closeWith(RESUMABLE_CLOSE_CODE, "reconnect requested", Outcome.reconnect(
							ReconnectCause.RECONNECT_REQUESTED, RESUMABLE_CLOSE_CODE, "op 7", Delay.NONE, false), false);
				}
				case 9 -> onInvalidSession(json);
				case 10 -> onHello(json);
				case 11 -> onAck();
				default -> Shard.this.log.debug("Shard {}: ignoring unknown opcode {}", Shard.this.shardId,
						envelope.op());
			}
		}

		/**
		 * A message that is not a gateway message is skipped, on every transport: throwing the connection away on
		 * one bad message would lose whatever the gateway sends after it if the session then ends (a resume
		 * replays only while the session lives). On a zlib-stream or zstd-stream connection, where one context
		 * runs through every message, a corrupt context still shows itself: as an inflater error
		 * ({@link #onFrame}), as a second bad message in a row (here), or as a sequence gap on the next dispatch
		 * ({@link #onDispatch}); each of those resumes on a fresh context. A skipped dispatch shows as a gap too.
		 */
		private void onMalformed(byte[] json, IllegalArgumentException ex) {
			this.malformedInARow++;
			boolean compressed = Shard.this.config.compression() != Compression.NONE;
			if (compressed && this.malformedInARow >= 2) {
				Shard.this.log.warn("Shard {}: {} compressed messages in a row inflated to something that is not a "
						+ "gateway message ({} bytes): {}; resuming with a fresh compression context",
						Shard.this.shardId, this.malformedInARow, json.length, ex.getMessage());
				onBrokenStream("corrupt compression stream", "inflated to malformed messages: " + ex.getMessage());
				return;
			}
			Shard.this.log.warn("Shard {}: ignoring a malformed gateway message ({} bytes): {}", Shard.this.shardId,
					json.length, ex.getMessage());
		}

		/**
		 * The inbound stream cannot be trusted any more (undecodable, corrupt compression context, or dispatches
		 * lost): ignore whatever else arrives on this connection and resume, which replays every dispatch after the
		 * last one delivered.
		 */
		private void onBrokenStream(String why, String detail) {
			this.streamBroken = true;
			closeWith(RESUMABLE_CLOSE_CODE, why,
					Outcome.reconnect(ReconnectCause.TRANSPORT, RESUMABLE_CLOSE_CODE, detail, Delay.BACKOFF, false), true);
		}

		private JsonNode data(byte[] json) {
			return Shard.this.mapper.readTree(json).path("d");
		}

		private void onHello(byte[] json) {
			if (this.hello) {
				Shard.this.log.debug("Shard {}: ignoring a second Hello", Shard.this.shardId);
				return;
			}
			long intervalMs = data(json).path("heartbeat_interval").asLong(0);
			if (intervalMs <= 0) {
				Shard.this.log.warn("Shard {}: Hello without a valid heartbeat_interval; ignored", Shard.this.shardId);
				return;
			}
			this.hello = true;
			this.handshakeTimer.dispose();
			this.sendLimiter.heartbeatInterval(Duration.ofMillis(intervalMs));
			long interval = TimeUnit.MILLISECONDS.toNanos(intervalMs);
			// the protocol's jitter: the first beat at interval * random[0,1), so mass reconnects do not beat in sync
			long first = (long) (interval * ThreadLocalRandom.current().nextDouble());
			this.heartbeat = this.loop.scheduleAtFixedRate(this::beat, first, interval, TimeUnit.NANOSECONDS);
			Shard.this.log.debug("Shard {}: Hello, heartbeat every {} ms, first in {} ms", Shard.this.shardId,
					intervalMs, TimeUnit.NANOSECONDS.toMillis(first));
			if (this.resume) {
				sendResume();
			}
			else {
				identify();
			}
		}

		/**
		 * The timer's beat. A zombie is a connection where a beat has gone unacknowledged for a whole interval
		 * (<a href="https://discord.com/developers/docs/events/gateway#heartbeat-interval-example-heartbeat-ack">
		 * Heartbeat ACK</a>): the oldest outstanding beat was sent at or before the previous timer beat. A beat sent
		 * since (the answer to a server's op 1) is not overdue yet, whatever the round trip.
		 */
		private void beat() {
			if (this.closing != null) {
				return;
			}
			long now = System.nanoTime();
			Long oldest = this.outstandingBeats.peekFirst();
			long previous = this.lastTimerBeat;
			this.lastTimerBeat = now;
			boolean overdue = oldest != null && previous != Long.MIN_VALUE && oldest - previous <= 0;
			if (overdue && Shard.this.config.zombieDetection()) {
				if (this.paused || this.pausedThisInterval) {
					// the ACK may be sitting unread behind our own pause: not evidence of a dead connection
					Shard.this.log.debug("Shard {}: no ACK yet, but reads were paused; not a zombie",
							Shard.this.shardId);
				}
				else {
					Shard.this.log.warn("Shard {}: no heartbeat ACK since the last beat; zombie connection, resuming",
							Shard.this.shardId);
					emit(new ShardLifecycleEvent.Zombie(Shard.this.shardId));
					closeWith(RESUMABLE_CLOSE_CODE, "zombie", Outcome.reconnect(ReconnectCause.ZOMBIE,
							RESUMABLE_CLOSE_CODE, "no heartbeat ACK", Delay.NONE, false), true);
					return;
				}
			}
			this.pausedThisInterval = this.paused;
			sendHeartbeat(now);
		}

		private void sendHeartbeat(long now) {
			long s = Shard.this.sequence;
			byte[] bytes = ("{\"op\":1,\"d\":" + ((s >= 0) ? Long.toString(s) : "null") + "}")
				.getBytes(StandardCharsets.US_ASCII);
			if (this.outstandingBeats.size() == MAX_OUTSTANDING_BEATS) {
				this.outstandingBeats.pollFirst();
			}
			this.outstandingBeats.addLast(now);
			writePriority(bytes, 1);
		}

		private void onAck() {
			// each ACK answers the oldest beat still waiting, so the round trip is the right beat's
			Long sentAt = this.outstandingBeats.pollFirst();
			if (sentAt != null) {
				recordLatency(System.nanoTime() - sentAt);
			}
		}

		private void identify() {
			advance(ShardState.IDENTIFYING);
			this.identifyWait = Shard.this.identifyLimiter.acquire(Shard.this.shardId)
				.subscribe((permit) -> this.loop.execute(() -> sendIdentify(permit)),
						(err) -> this.loop.execute(() -> onIdentifyRefused(err)));
		}

		/**
		 * The limiter refused to let this shard identify. A spent session-start budget is not fatal: it resets
		 * after {@code reset_after} (see https://discord.com/developers/docs/events/gateway#session-start-limit-object).
		 * The shard closes this connection (no IDENTIFY went out; an idle connection would only be closed by the
		 * gateway) and connects again once the budget has reset, staying {@link ShardState#RECONNECTING} until then
		 * with {@link #identifyBlockedUntil()} set; the limiter, re-seeded by then, queues it as usual.
		 */
		private void onIdentifyRefused(Throwable err) {
			if (this.closing != null) {
				return;
			}
			if (err instanceof SessionStartLimitExhaustedException exhausted) {
				Duration wait = exhausted.resetAfter();
				Shard.this.identifyBlockedUntil = Instant.now().plus(wait);
				Shard.this.log.warn("Shard {}: the session-start budget is spent; identifying after it resets in {}",
						Shard.this.shardId, wait);
				closeWith(RESUMABLE_CLOSE_CODE, "session start limit exhausted",
						Outcome.reconnect(ReconnectCause.SESSION_START_LIMIT, -1, exhausted.getMessage(),
								Delay.SESSION_START_LIMIT, false), false);
				return;
			}
			Shard.this.log.warn("Shard {}: identify limiter failed: {}", Shard.this.shardId, err.toString());
			closeWith(RESUMABLE_CLOSE_CODE, "identify limiter failed", Outcome.reconnect(ReconnectCause.TRANSPORT,
					RESUMABLE_CLOSE_CODE, "identify limiter failed", Delay.BACKOFF, false), false);
		}

		private void sendIdentify(IdentifyRateLimiter.IdentifyPermit permit) {
			if (this.closing != null || !this.channel.isActive()) {
				// nothing went out: the bucket need not wait for an answer, and no session start was spent
				Shard.this.identifyLimiter.identifyAbandoned(permit);
				return;
			}
			if (!Shard.this.identifyLimiter.isValid(permit)) {
				// The slot passed while this thread was busy (or a newer one was granted): sending now could make
				// two identifies of the bucket one window; queue again instead.
				Shard.this.log.debug("Shard {}: identify permit expired before sending; asking again",
						Shard.this.shardId);
				// nothing went out: a limiter holding the bucket until the answer may reopen it, and the budget
				// gets its session start back
				Shard.this.identifyLimiter.identifyAbandoned(permit);
				identify();
				return;
			}
			ShardConfig c = Shard.this.config;
			ObjectNode root = Shard.this.mapper.createObjectNode();
			root.put("op", 2);
			ObjectNode d = root.putObject("d");
			d.put("token", c.token());
			ObjectNode props = d.putObject("properties");
			props.put("os", c.identifyProperties().os());
			props.put("browser", c.identifyProperties().browser());
			props.put("device", c.identifyProperties().device());
			d.put("compress", false);
			d.put("large_threshold", c.largeThreshold());
			d.putArray("shard").add(Shard.this.shardId).add(Shard.this.totalShards);
			if (c.presence() != null) {
				d.set("presence", Shard.this.mapper.valueToTree(c.presence()));
			}
			d.put("intents", c.intents());
			byte[] bytes = Shard.this.mapper.writeValueAsBytes(root);
			if (bytes.length > ShardConfig.MAX_OUTBOUND_PAYLOAD) {
				PayloadTooLargeException ex = new PayloadTooLargeException(bytes.length,
						ShardConfig.MAX_OUTBOUND_PAYLOAD);
				closeWith(RESUMABLE_CLOSE_CODE, "identify too large",
						Outcome.fatal(-1, "Identify payload too large (check the presence)", ex), false);
				return;
			}
			// a new session: the old one's sequence no longer applies
			clearSession();
			writePriority(bytes, 2);
			this.unsettledPermit = permit;
			Shard.this.observer.onIdentify(Shard.this.shardId);
			Shard.this.log.debug("Shard {}: sent Identify", Shard.this.shardId);
			startReadyTimer();
		}

		private void sendResume() {
			advance(ShardState.RESUMING);
			ObjectNode root = Shard.this.mapper.createObjectNode();
			root.put("op", 6);
			ObjectNode d = root.putObject("d");
			d.put("token", Shard.this.config.token());
			d.put("session_id", Shard.this.sessionId);
			d.put("seq", Math.max(Shard.this.sequence, 0));
			writePriority(Shard.this.mapper.writeValueAsBytes(root), 6);
			Shard.this.observer.onResume(Shard.this.shardId);
			Shard.this.log.debug("Shard {}: sent Resume at seq {}", Shard.this.shardId, Shard.this.sequence);
			startReadyTimer();
		}

		/**
		 * While reads are paused (the event buffer is full) READY or RESUMED may be sitting unread behind our own
		 * pause, as the heartbeat ACK may: the timer then starts again instead of closing, which would reconnect
		 * into the same full buffer (and, on a new session, spend an identify each time).
		 */
		private void startReadyTimer() {
			this.pausedSinceReadyTimer = this.paused;
			this.readyTimer = this.loop.schedule(() -> {
				if (this.live || this.closing != null) {
					return;
				}
				if (this.pausedSinceReadyTimer) {
					Shard.this.log.debug("Shard {}: no {} yet, but reads were paused; waiting on", Shard.this.shardId,
							this.resume ? "RESUMED" : "READY");
					startReadyTimer();
					return;
				}
				timeout(this.resume ? "no RESUMED" : "no READY");
			}, Shard.this.config.readyTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}

		private void onInvalidSession(byte[] json) {
			settleIdentify();
			boolean resumable = data(json).asBoolean(false);
			Shard.this.log.info("Shard {}: invalid session (resumable={})", Shard.this.shardId, resumable);
			emit(new ShardLifecycleEvent.InvalidSession(Shard.this.shardId, resumable));
			closeWith(RESUMABLE_CLOSE_CODE, "invalid session", Outcome.reconnect(ReconnectCause.INVALID_SESSION,
					RESUMABLE_CLOSE_CODE, "op 9 d=" + resumable, Delay.INVALID_SESSION, !resumable), false);
		}

		private void onDispatch(Envelope envelope, byte[] json) {
			String type = (envelope.type() != null) ? envelope.type() : "UNKNOWN";
			long s = envelope.sequence();
			if (s != Envelope.NO_SEQUENCE) {
				long last = Shard.this.sequence;
				if (last >= 0 && s <= last) {
					// a replay of something this session already delivered: exactly once per session
					Shard.this.log.debug("Shard {}: dropping replayed {} s={} (last {})", Shard.this.shardId, type, s,
							last);
					return;
				}
				if (last >= 0 && s > last + 1 && this.live) {
					// dispatches last+1..s-1 never arrived (a message lost or garbled on the way): a resume
					// replays them in order, this one included. Only on a live connection: during a resume's
					// replay the gateway sends all it has, so resuming again could not fill the gap (or loop).
					Shard.this.log.warn("Shard {}: sequence gap, {} s={} after s={}; resuming to get the missing "
							+ "dispatches", Shard.this.shardId, type, s, last);
					onBrokenStream("sequence gap", "sequence gap: s=" + s + " after s=" + last);
					return;
				}
				if (last >= 0 && s > last + 1) {
					Shard.this.log.warn("Shard {}: the resume replay skips from s={} to s={}", Shard.this.shardId,
							last, s);
				}
				Shard.this.sequence = s;
			}
			Shard.this.observer.onDispatch(Shard.this.shardId, type);
			switch (type) {
				case "READY" -> onReady(json);
				case "RESUMED" -> onResumed();
				case "RATE_LIMITED" -> Shard.this.log.warn("Shard {}: gateway rate limit: {}", Shard.this.shardId,
						data(json));
				default -> {
					if (this.resume && !this.live) {
						this.replayed++;
					}
				}
			}
			if (!this.farewell && safeWants(type)) {
				Shard.this.buffer.offer(new GatewayDispatch(Shard.this.shardId, s, type, json, envelope.dataOffset(), System.nanoTime()),
						this.loop);
			}
			else if (!this.farewell && s != Envelope.NO_SEQUENCE) {
				// not delivered, but delivery has passed it once everything before it was delivered
				Shard.this.buffer.skip(Shard.this.shardId, s, this.loop);
			}
		}

		private boolean safeWants(String type) {
			try {
				return Shard.this.sink().wants(type);
			}
			catch (RuntimeException ex) {
				Shard.this.log.warn("Shard {}: sink.wants({}) failed; delivering", Shard.this.shardId, type, ex);
				return true;
			}
		}

		private void onReady(byte[] json) {
			settleIdentify();
			JsonNode d = data(json);
			String id = d.path("session_id").asString(null);
			String url = d.path("resume_gateway_url").asString(null);
			if (id == null) {
				Shard.this.log.warn("Shard {}: READY without session_id", Shard.this.shardId);
			}
			Shard.this.sessionId = id;
			Shard.this.resumeUrl = url;
			Shard.this.sessionStartedAt = Instant.now();
			goLive();
			int guilds = d.path("guilds").size();
			Shard.this.log.info("Shard {}: READY, session {} with {} guilds", Shard.this.shardId, id, guilds);
			emit(new ShardLifecycleEvent.Ready(Shard.this.shardId, id, guilds));
			pump();
		}

		private void onResumed() {
			if (this.farewell) {
				Shard.this.log.info("Shard {}: session {} resumed only to end it", Shard.this.shardId,
						Shard.this.sessionId);
				closeWith(1000, "shutdown", Outcome.SHUTDOWN, false);
				return;
			}
			goLive();
			Shard.this.log.info("Shard {}: RESUMED after {} replayed dispatches", Shard.this.shardId, this.replayed);
			emit(new ShardLifecycleEvent.Resumed(Shard.this.shardId, Shard.this.sessionId, this.replayed));
			pump();
		}

		private void goLive() {
			this.live = true;
			if (this.readyTimer != null) {
				this.readyTimer.cancel(false);
			}
			synchronized (Shard.this) {
				Shard.this.failures = 0;
				if (Shard.this.state != ShardState.DISCONNECTING && !Shard.this.state.isTerminal()) {
					Shard.this.state = ShardState.CONNECTED;
				}
			}
		}

		// ----- outbound

		private void writePriority(byte[] bytes, int op) {
			if (!this.sendLimiter.tryAcquire(true)) {
				// cannot happen while the reservation holds; a heartbeat still never waits
				this.sendLimiter.record();
			}
			write(bytes, op, Duration.ZERO);
		}

		private io.netty.channel.ChannelFuture write(byte[] bytes, int op, Duration waited) {
			if (Shard.this.log.isTraceEnabled()) {
				Shard.this.log.trace("Shard {} >> {}", Shard.this.shardId, abbreviate(bytes));
			}
			Shard.this.observer.onSend(Shard.this.shardId, op, bytes.length, waited);
			return this.channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
		}

		/** Sends queued user payloads while the window allows; otherwise comes back when a slot frees up. */
		private void pump() {
			this.pumpScheduled = false;
			while (this.live && this.closing == null && this.channel.isActive()) {
				PendingSend p = Shard.this.pending.peek();
				if (p == null) {
					return;
				}
				long wait = this.sendLimiter.delayNanos(false);
				if (p.op == 3) {
					wait = Math.max(wait, Shard.this.presenceLimiter.delayNanos(false));
				}
				if (wait > 0) {
					if (!this.pumpScheduled) {
						this.pumpScheduled = true;
						this.loop.schedule(this::pump, wait, TimeUnit.NANOSECONDS);
					}
					return;
				}
				Shard.this.pending.poll();
				this.sendLimiter.record();
				if (p.op == 3) {
					Shard.this.presenceLimiter.record();
				}
				write(p.bytes, p.op, Duration.ofNanos(System.nanoTime() - p.enqueuedNanos)).addListener((f) -> {
					if (f.isSuccess()) {
						p.result.tryEmitEmpty();
					}
					else {
						p.result.tryEmitError(new GatewayException("Payload could not be written", f.cause()));
					}
				});
			}
		}

	}

	private volatile ShardSink sinkRef;

	private ShardSink sink() {
		return this.sinkRef;
	}

	private static String abbreviate(byte[] json) {
		String s = Redaction.mask(new String(json, StandardCharsets.UTF_8));
		return (s.length() > 2000) ? s.substring(0, 2000) + "...(" + json.length + " bytes)" : s;
	}

}
