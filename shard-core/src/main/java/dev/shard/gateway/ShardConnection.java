package dev.shard.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.shard.gateway.Outcome.Delay;
import dev.shard.gateway.internal.Envelope;
import dev.shard.gateway.internal.EnvelopeReader;
import dev.shard.gateway.internal.InboundDecodeException;
import dev.shard.gateway.internal.InboundDecoder;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket connection of a shard: opens it, reads and decodes its messages, runs the handshake (Hello, then
 * Identify or Resume, then READY or RESUMED;
 * <a href="https://discord.com/developers/docs/events/gateway#connection-lifecycle">Connection Lifecycle</a>),
 * hands dispatches to the shard's buffer, and closes it; how it ended ({@link Outcome}) goes to the
 * {@link Supervisor}, which decides what follows.
 * <p>
 * Threads: after {@link #onOpen} everything runs on the channel's event loop, so the fields below need no lock;
 * before that, the handshake timer, a connect error and {@link #requestClose} may race the opening, which this
 * object's monitor settles ({@code loop}, {@code channel}, {@code aborted}). {@link #finish} runs once.
 */
final class ShardConnection {

	/** The close code of every close of ours that must leave the session resumable. */
	private static final int RESUMABLE = CloseCode.CLIENT_RESUMABLE.code();

	/** How long to wait for the gateway to finish a close handshake before dropping the socket. */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

	/** Frames up to this size are {@link ShardSink#prepare prepared} on the I/O thread (a message: 1-4 KiB). */
	static final int PREPARE_LIMIT = 64 * 1024;

	private final Supervisor shard;

	private final ShardContext context;

	private final int shardId;

	private final ShardConfig config;

	private final Logger log;

	private final JsonMapper mapper;

	private final ShardObserver observer;

	private final IdentifyRateLimiter identifyLimiter;

	private final ShardStateMachine machine;

	private final SessionState session;

	private final boolean resume;

	private final URI uri;

	/** Connected to {@code resume_gateway_url} (counts toward dropping it when it fails before Hello). */
	private final boolean onResumeUrl;

	/** Opened on a final shutdown only to resume the session and close it with 1000; delivers nothing. */
	private final boolean farewell;

	/** We sent 1000 on this connection after READY/RESUMED: the session is over at Discord. */
	private boolean closedForGood;

	/** Messages in a row that were not gateway messages (see {@link #onMalformed}). */
	private int malformedInARow;

	/** From the start of the TCP connect until Hello: covers the connect and the WebSocket upgrade too. */
	private Disposable handshakeTimer;

	/** Reads were paused since the READY/RESUMED timer was armed (the answer may be sitting unread). */
	private boolean pausedSinceReadyTimer;

	private final InboundDecoder decoder;

	private final Sinks.Empty<Void> closed = Sinks.empty();

	private final AtomicBoolean finished = new AtomicBoolean();

	private Disposable connecting;

	private boolean aborted;

	private Channel channel;

	private EventLoop loop;

	private WebsocketOutbound out;

	/** Set when the connection opens. */
	private volatile Outbound.Writer writer;

	private volatile WebSocketCloseStatus serverClose;

	/** Set when the connection opens. */
	private Heartbeater heartbeater;

	private ScheduledFuture<?> readyTimer;

	private Disposable identifyWait;

	/** The permit of the IDENTIFY written on this connection until READY, op 9 or the end of the connection. */
	private IdentifyRateLimiter.IdentifyPermit unsettledPermit;

	private boolean hello;

	private boolean live;

	private boolean decoderClosed;

	/** The inbound stream can no longer be trusted (see {@link #onBrokenStream}); later frames are ignored. */
	private boolean streamBroken;

	private boolean paused;

	/** Frames read after the reads were paused, in order; on the event loop only. */
	private final ArrayDeque<WebSocketFrame> held = new ArrayDeque<>();

	private long replayed;

	private Outcome closing;

	ShardConnection(Supervisor shard, boolean resume, URI uri, boolean onResumeUrl, boolean farewell) {
		this.shard = shard;
		this.context = shard.context();
		this.shardId = this.context.shardId();
		this.config = this.context.config();
		this.log = this.context.log();
		this.mapper = this.context.mapper();
		this.observer = this.context.observer();
		this.identifyLimiter = this.context.identifyLimiter();
		this.machine = shard.machine();
		this.session = shard.session();
		this.resume = resume;
		this.uri = uri;
		this.onResumeUrl = onResumeUrl;
		this.farewell = farewell;
		this.decoder = this.config.compression().decoder(
				this.config.maxInboundMessageSize());
	}

	void start() {
		// armed before the connect: a peer that accepts TCP and never answers the upgrade (or never says
		// Hello) must not hold the shard; Reactor Netty has no upgrade timeout of its own
		this.handshakeTimer = Mono.delay(this.config.helloTimeout()).subscribe((x) -> onHandshakeTimeout());
		this.connecting = this.shard.http().uri(this.uri.toString()).handle((in, out) -> {
			this.out = out;
			in.withConnection(this::onOpen);
			in.receiveCloseStatus().subscribe((status) -> this.serverClose = status, (err) -> {
			});
			in.aggregateFrames(this.config.maxInboundMessageSize()).receiveFrames().subscribe(new Reader());
			return this.closed.asMono();
		}).subscribe(null, this::onConnectError);
	}

	/** From a timer thread. */
	private void onHandshakeTimeout() {
		if (abortIfNotOpen(
				Outcome.reconnect(ReconnectCause.TIMEOUT, -1, "no WebSocket upgrade", Delay.BACKOFF, false))) {
			this.log.warn("Shard {}: no WebSocket upgrade from {} within {}; reconnecting",
					this.shardId, this.uri, this.config.helloTimeout());
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
				this.log.debug("Shard {}: connection error", this.shardId, error);
				return;
			}
		}
		this.decoder.close();
		this.log.warn("Shard {}: could not connect to {}: {}", this.shardId, this.uri,
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
			this.writer = this.shard.outbound().writer(this.channel);
			this.heartbeater = new Heartbeater(this.context, this.loop, this.writer, this.session::sequence,
					() -> this.paused, this.shard.latency(), this::onZombie);
		}
		connection.onDispose(() -> this.loop.execute(this::onDisposed));
		this.machine.transition(ShardState.HANDSHAKING);
		this.shard.emit(new ShardLifecycleEvent.Connected(this.shardId, this.uri.toString()));
	}

	/** From any thread. */
	void requestClose(int code, String reason, Outcome outcome) {
		if (abortIfNotOpen(outcome)) {
			return;
		}
		this.loop.execute(() -> closeWith(code, reason, outcome, false));
	}

	void schedulePump() {
		Outbound.Writer w = this.writer;
		if (w != null) {
			w.schedulePump();
		}
	}

	private void finish(Outcome outcome) {
		if (this.finished.compareAndSet(false, true)) {
			this.shard.connectionEnded(this, outcome);
		}
	}

	private void onDisposed() {
		cancelTimers();
		releaseHeld();
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
			this.shard.closeCode(1006);
			this.log.info("Shard {}: connection dropped without a close frame", this.shardId);
			return Outcome.reconnect(ReconnectCause.TRANSPORT, 1006, "connection dropped", Delay.BACKOFF, false);
		}
		int code = status.code();
		String reason = status.reasonText();
		this.shard.closeCode(code);
		this.log.info("Shard {}: gateway closed with {} {}", this.shardId, code, reason);
		return switch (CloseCode.actionFor(code)) {
			case FATAL -> Outcome.fatal(code, reason, CloseCode.exceptionFor(code, reason));
			case RESUME -> Outcome.reconnect(ReconnectCause.CLOSE_CODE, code, reason, Delay.BACKOFF, false);
			case NEW_SESSION -> Outcome.reconnect(ReconnectCause.CLOSE_CODE, code, reason, Delay.BACKOFF, true);
		};
	}

	private void cancelTimers() {
		if (this.heartbeater != null) {
			this.heartbeater.stop();
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
			this.identifyLimiter.identifySettled(permit);
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
		this.writer.closing();
		// a 1000 ends the session only on a connection that carries it (READY or RESUMED seen)
		this.closedForGood = (code == 1000 || code == 1001) && this.live;
		this.shard.closeCode(code);
		cancelTimers();
		// refused while the shard is stopping: it stays DISCONNECTING
		this.machine.transition(ShardState.RECONNECTING);
		this.log.debug("Shard {}: closing with {} ({})", this.shardId, code, reason);
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
		this.log.warn("Shard {}: {} within the timeout; reconnecting", this.shardId, what);
		closeWith(RESUMABLE, what,
				Outcome.reconnect(ReconnectCause.TIMEOUT, RESUMABLE, what, Delay.BACKOFF, false), true);
	}

	// ----- inbound

	private final class Reader extends BaseSubscriber<WebSocketFrame> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			// all the demand at once: Reactor Netty then hands each frame straight over, without its queue and a
			// request per frame; backpressure is ours (pauseIfFull)
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		protected void hookOnNext(WebSocketFrame frame) {
			if (ShardConnection.this.paused) {
				// the rest of the socket read that filled the buffer: kept in order until there is room
				ShardConnection.this.held.add(frame.retain());
				return;
			}
			take(frame);
		}

		@Override
		protected void hookOnError(Throwable error) {
			ShardConnection.this.log.debug("Shard {}: inbound error: {}", ShardConnection.this.shardId,
					error.toString());
		}

	}

	private void take(WebSocketFrame frame) {
		try {
			onFrame(frame);
		}
		catch (RuntimeException ex) {
			this.log.error("Shard {}: error handling a gateway message; continuing", this.shardId, ex);
		}
		pauseIfFull();
	}

	/** Stop reading the socket while the event buffer is full; heartbeats go on. */
	private void pauseIfFull() {
		DispatchBuffer b = this.shard.buffer();
		if (this.paused || b == null || !b.isFull()) {
			return;
		}
		this.paused = true;
		this.channel.config().setAutoRead(false);
		this.heartbeater.readsPaused();
		this.pausedSinceReadyTimer = true;
		this.log.debug("Shard {}: event buffer full, pausing reads", this.shardId);
		b.onRoom(() -> this.loop.execute(this::resumeReads));
	}

	/** On the event loop, once the buffer has room: the frames held first, then the socket again. */
	private void resumeReads() {
		if (!this.paused) {
			return;
		}
		this.paused = false;
		WebSocketFrame frame;
		while (!this.paused && (frame = this.held.poll()) != null) {
			try {
				take(frame);
			}
			finally {
				frame.release();
			}
		}
		if (!this.paused) {
			// turning autoRead back on reads at once
			this.channel.config().setAutoRead(true);
		}
	}

	private void releaseHeld() {
		WebSocketFrame frame;
		while ((frame = this.held.poll()) != null) {
			frame.release();
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
				json = InboundDecoder.copy(frame.content(), this.config.maxInboundMessageSize());
			}
			else if (frame instanceof BinaryWebSocketFrame) {
				json = this.decoder.decode(frame.content());
			}
			else {
				return;
			}
		}
		catch (InboundDecodeException ex) {
			this.observer.onFrame(this.shardId, wire, 0);
			this.log.error("Shard {}: refused an inbound message: {}; reconnecting", this.shardId,
					ex.getMessage());
			onBrokenStream("decode failure", ex.getMessage());
			return;
		}
		this.observer.onFrame(this.shardId, wire, (json != null) ? json.length : 0);
		if (json != null) {
			onMessage(json);
		}
	}

	private void onMessage(byte[] json) {
		this.context.trace("<<", json);
		Envelope envelope;
		try {
			envelope = EnvelopeReader.read(json);
		}
		catch (IllegalArgumentException ex) {
			onMalformed(json, ex);
			return;
		}
		this.malformedInARow = 0;
		Opcode op = Opcode.of(envelope.op());
		if (op == null) {
			this.log.debug("Shard {}: ignoring unknown opcode {}", this.shardId, envelope.op());
			return;
		}
		switch (op) {
			case DISPATCH -> onDispatch(envelope, json);
			case HEARTBEAT -> this.heartbeater.beatNow();
			case RECONNECT -> {
				this.log.info("Shard {}: gateway asked us to reconnect (op 7)", this.shardId);
				closeWith(RESUMABLE, "reconnect requested", Outcome.reconnect(
						ReconnectCause.RECONNECT_REQUESTED, RESUMABLE, "op 7", Delay.NONE, false), false);
			}
			case INVALID_SESSION -> onInvalidSession(json);
			case HELLO -> onHello(json);
			case HEARTBEAT_ACK -> this.heartbeater.acked();
			default -> this.log.debug("Shard {}: ignoring unknown opcode {}", this.shardId,
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
		boolean compressed = this.config.compression() != Compression.NONE;
		if (compressed && this.malformedInARow >= 2) {
			this.log.warn("Shard {}: {} compressed messages in a row inflated to something that is not a "
					+ "gateway message ({} bytes): {}; resuming with a fresh compression context",
					this.shardId, this.malformedInARow, json.length, ex.getMessage());
			onBrokenStream("corrupt compression stream", "inflated to malformed messages: " + ex.getMessage());
			return;
		}
		this.log.warn("Shard {}: ignoring a malformed gateway message ({} bytes): {}", this.shardId,
				json.length, ex.getMessage());
	}

	/**
	 * The inbound stream cannot be trusted any more (undecodable, corrupt compression context, or dispatches
	 * lost): ignore whatever else arrives on this connection and resume, which replays every dispatch after the
	 * last one delivered.
	 */
	private void onBrokenStream(String why, String detail) {
		this.streamBroken = true;
		closeWith(RESUMABLE, why,
				Outcome.reconnect(ReconnectCause.TRANSPORT, RESUMABLE, detail, Delay.BACKOFF, false), true);
	}

	private JsonNode data(byte[] json) {
		return this.mapper.readTree(json).path("d");
	}

	private void onHello(byte[] json) {
		if (this.hello) {
			this.log.debug("Shard {}: ignoring a second Hello", this.shardId);
			return;
		}
		long intervalMs = data(json).path("heartbeat_interval").asLong(0);
		if (intervalMs <= 0) {
			this.log.warn("Shard {}: Hello without a valid heartbeat_interval; ignored", this.shardId);
			return;
		}
		this.hello = true;
		this.handshakeTimer.dispose();
		this.writer.heartbeatInterval(Duration.ofMillis(intervalMs));
		this.heartbeater.start(intervalMs);
		if (this.resume) {
			sendResume();
		}
		else {
			identify();
		}
	}

	private void onZombie() {
		this.shard.emit(new ShardLifecycleEvent.Zombie(this.shardId));
		closeWith(RESUMABLE, "zombie", Outcome.reconnect(ReconnectCause.ZOMBIE, RESUMABLE,
				"no heartbeat ACK", Delay.NONE, false), true);
	}

	private void identify() {
		this.machine.transition(ShardState.IDENTIFYING);
		this.identifyWait = this.identifyLimiter.acquire(this.shardId)
			.subscribe((permit) -> this.loop.execute(() -> sendIdentify(permit)),
					(err) -> this.loop.execute(() -> onIdentifyRefused(err)));
	}

	/**
	 * The limiter refused to let this shard identify. A spent session-start budget is not fatal: it resets
	 * after {@code reset_after} (see
	 * <a href="https://discord.com/developers/docs/events/gateway#session-start-limit-object">Session Start Limit
	 * Object</a>).
	 * The shard closes this connection (no IDENTIFY went out; an idle connection would only be closed by the
	 * gateway) and connects again once the budget has reset, staying {@link ShardState#RECONNECTING} until then
	 * with {@link Shard#identifyBlockedUntil()} set; the limiter, re-seeded by then, queues it as usual.
	 */
	private void onIdentifyRefused(Throwable err) {
		if (this.closing != null) {
			return;
		}
		if (err instanceof SessionStartLimitExhaustedException exhausted) {
			Duration wait = exhausted.resetAfter();
			this.session.identifyBlockedUntil(Instant.now().plus(wait));
			this.log.warn("Shard {}: the session-start budget is spent; identifying after it resets in {}",
					this.shardId, wait);
			closeWith(RESUMABLE, "session start limit exhausted",
					Outcome.reconnect(ReconnectCause.SESSION_START_LIMIT, -1, exhausted.getMessage(),
							Delay.SESSION_START_LIMIT, false), false);
			return;
		}
		this.log.warn("Shard {}: identify limiter failed: {}", this.shardId, err.toString());
		closeWith(RESUMABLE, "identify limiter failed", Outcome.reconnect(ReconnectCause.TRANSPORT,
				RESUMABLE, "identify limiter failed", Delay.BACKOFF, false), false);
	}

	private void sendIdentify(IdentifyRateLimiter.IdentifyPermit permit) {
		if (this.closing != null || !this.channel.isActive()) {
			// nothing went out: the bucket need not wait for an answer, and no session start was spent
			this.identifyLimiter.identifyAbandoned(permit);
			return;
		}
		if (!this.identifyLimiter.isValid(permit)) {
			// The slot passed while this thread was busy (or a newer one was granted): sending now could make
			// two identifies of the bucket one window; queue again instead.
			this.log.debug("Shard {}: identify permit expired before sending; asking again",
					this.shardId);
			// nothing went out: a limiter holding the bucket until the answer may reopen it, and the budget
			// gets its session start back
			this.identifyLimiter.identifyAbandoned(permit);
			identify();
			return;
		}
		ShardConfig c = this.config;
		ObjectNode root = this.mapper.createObjectNode();
		root.put("op", Opcode.IDENTIFY.code());
		ObjectNode d = root.putObject("d");
		d.put("token", c.token());
		ObjectNode props = d.putObject("properties");
		props.put("os", c.identifyProperties().os());
		props.put("browser", c.identifyProperties().browser());
		props.put("device", c.identifyProperties().device());
		d.put("compress", false);
		d.put("large_threshold", c.largeThreshold());
		d.putArray("shard").add(this.shardId).add(this.context.totalShards());
		if (c.presence() != null) {
			d.set("presence", this.mapper.valueToTree(c.presence()));
		}
		d.put("intents", c.intents());
		byte[] bytes = this.mapper.writeValueAsBytes(root);
		if (bytes.length > ShardConfig.MAX_OUTBOUND_PAYLOAD) {
			PayloadTooLargeException ex = new PayloadTooLargeException(bytes.length,
					ShardConfig.MAX_OUTBOUND_PAYLOAD);
			closeWith(RESUMABLE, "identify too large",
					Outcome.fatal(-1, "Identify payload too large (check the presence)", ex), false);
			return;
		}
		// a new session: the old one's sequence no longer applies
		this.session.clear();
		this.writer.writeNow(bytes, Opcode.IDENTIFY);
		this.unsettledPermit = permit;
		this.observer.onIdentify(this.shardId);
		this.log.debug("Shard {}: sent Identify", this.shardId);
		startReadyTimer();
	}

	private void sendResume() {
		this.machine.transition(ShardState.RESUMING);
		ObjectNode root = this.mapper.createObjectNode();
		root.put("op", Opcode.RESUME.code());
		ObjectNode d = root.putObject("d");
		d.put("token", this.config.token());
		d.put("session_id", this.session.id());
		d.put("seq", Math.max(this.session.sequence(), 0));
		this.writer.writeNow(this.mapper.writeValueAsBytes(root), Opcode.RESUME);
		this.observer.onResume(this.shardId);
		this.log.debug("Shard {}: sent Resume at seq {}", this.shardId, this.session.sequence());
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
				this.log.debug("Shard {}: no {} yet, but reads were paused; waiting on", this.shardId,
						this.resume ? "RESUMED" : "READY");
				startReadyTimer();
				return;
			}
			timeout(this.resume ? "no RESUMED" : "no READY");
		}, this.config.readyTimeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	private void onInvalidSession(byte[] json) {
		settleIdentify();
		boolean resumable = data(json).asBoolean(false);
		this.log.info("Shard {}: invalid session (resumable={})", this.shardId, resumable);
		this.shard.emit(new ShardLifecycleEvent.InvalidSession(this.shardId, resumable));
		closeWith(RESUMABLE, "invalid session", Outcome.reconnect(ReconnectCause.INVALID_SESSION,
				RESUMABLE, "op 9 d=" + resumable, Delay.INVALID_SESSION, !resumable), false);
	}

	private void onDispatch(Envelope envelope, byte[] json) {
		String type = GatewayDispatch.typeOrUnknown(envelope.type());
		long s = envelope.sequence();
		if (s != Envelope.NO_SEQUENCE) {
			long last = this.session.sequence();
			if (last >= 0 && s <= last) {
				// a replay of something this session already delivered: exactly once per session
				this.log.debug("Shard {}: dropping replayed {} s={} (last {})", this.shardId, type, s,
						last);
				return;
			}
			if (last >= 0 && s > last + 1 && this.live) {
				// dispatches last+1..s-1 never arrived (a message lost or garbled on the way): a resume
				// replays them in order, this one included. Only on a live connection: during a resume's
				// replay the gateway sends all it has, so resuming again could not fill the gap (or loop).
				this.log.warn("Shard {}: sequence gap, {} s={} after s={}; resuming to get the missing "
						+ "dispatches", this.shardId, type, s, last);
				onBrokenStream("sequence gap", "sequence gap: s=" + s + " after s=" + last);
				return;
			}
			if (last >= 0 && s > last + 1) {
				this.log.warn("Shard {}: the resume replay skips from s={} to s={}", this.shardId,
						last, s);
			}
			this.session.received(s);
		}
		this.observer.onDispatch(this.shardId, type);
		switch (type) {
			case "READY" -> onReady(json);
			case "RESUMED" -> onResumed();
			case "RATE_LIMITED" -> this.log.warn("Shard {}: gateway rate limit: {}", this.shardId,
					data(json));
			default -> {
				if (this.resume && !this.live) {
					this.replayed++;
				}
			}
		}
		if (!this.farewell && safeWants(type)) {
			GatewayDispatch dispatch = new GatewayDispatch(this.shardId, s, type, json, envelope.dataOffset(),
					System.nanoTime());
			this.shard.buffer().offer(dispatch, prepare(dispatch), this.loop);
		}
		else if (!this.farewell && s != Envelope.NO_SEQUENCE) {
			// not delivered, but delivery has passed it once everything before it was delivered
			this.shard.buffer().skip(this.shardId, s, this.loop);
		}
	}

	/**
	 * Let a sink that delivers on another thread do its first part here (binding), so that it overlaps the
	 * delivery of earlier dispatches. Only while the delivery thread is behind (at work, with dispatches waiting
	 * for it): when it keeps up, or has not started on this socket read's dispatches yet, it binds them itself,
	 * and this thread, which reads and inflates for every connection of its event loop, keeps its own time. Under
	 * load the work thus splits between the two threads by itself. Not for frames so large that binding them would
	 * hold up the loop's other connections.
	 */
	private Object prepare(GatewayDispatch dispatch) {
		DispatchBuffer buffer = this.shard.buffer();
		if (buffer.isInline() || !buffer.isBehind() || dispatch.frame().length > PREPARE_LIMIT) {
			return null;
		}
		try {
			return this.shard.sink().prepare(dispatch);
		}
		catch (RuntimeException ex) {
			// delivered unprepared: the sink meets the same problem on the delivery thread and reports it there
			this.log.debug("Shard {}: preparing {} failed; delivering it unprepared", this.shardId, dispatch, ex);
			return null;
		}
	}

	private boolean safeWants(String type) {
		try {
			return this.shard.sink().wants(type);
		}
		catch (RuntimeException ex) {
			this.log.warn("Shard {}: sink.wants({}) failed; delivering", this.shardId, type, ex);
			return true;
		}
	}

	private void onReady(byte[] json) {
		settleIdentify();
		JsonNode d = data(json);
		String id = d.path("session_id").asString(null);
		String url = d.path("resume_gateway_url").asString(null);
		if (id == null) {
			this.log.warn("Shard {}: READY without session_id", this.shardId);
		}
		this.session.started(id, url);
		goLive();
		int guilds = d.path("guilds").size();
		this.log.info("Shard {}: READY, session {} with {} guilds", this.shardId, id, guilds);
		this.shard.emit(new ShardLifecycleEvent.Ready(this.shardId, id, guilds));
		this.writer.pump();
	}

	private void onResumed() {
		if (this.farewell) {
			this.log.info("Shard {}: session {} resumed only to end it", this.shardId,
					this.session.id());
			closeWith(1000, "shutdown", Outcome.SHUTDOWN, false);
			return;
		}
		goLive();
		this.log.info("Shard {}: RESUMED after {} replayed dispatches", this.shardId, this.replayed);
		this.shard.emit(new ShardLifecycleEvent.Resumed(this.shardId, this.session.id(), this.replayed));
		this.writer.pump();
	}

	private void goLive() {
		this.live = true;
		this.writer.live();
		if (this.readyTimer != null) {
			this.readyTimer.cancel(false);
		}
		this.shard.connectionLive();
	}

	// ----- what the supervisor reads once the connection has ended

	/** READY or RESUMED was seen on this connection. */
	boolean wentLive() {
		return this.live;
	}

	boolean sawHello() {
		return this.hello;
	}

	boolean onResumeUrl() {
		return this.onResumeUrl;
	}

	boolean isFarewell() {
		return this.farewell;
	}

	/** We sent 1000 on this connection after READY/RESUMED: the session is over at Discord. */
	boolean closedForGood() {
		return this.closedForGood;
	}

}
