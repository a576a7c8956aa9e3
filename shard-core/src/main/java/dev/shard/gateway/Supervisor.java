package dev.shard.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Runs a shard's connections one after another: opens one, and when it ends decides what follows (a reconnect
 * after a delay, one last connection that ends the session, or the end of the shard), then ends the shard.
 * <p>
 * Threads: the shard's lock is this object's monitor. Everything between connections (start, connect, the end
 * of a connection, shutdown, the end of the shard) and the queueing of payloads run under it; a connection's own
 * work runs on its event loop without it (see {@link ShardConnection}). Lock order: this lock, then a
 * connection's monitor; nothing here is called with a connection's monitor held.
 */
final class Supervisor {

	private final ShardContext context;

	private final ShardStateMachine machine;

	private final SessionState session;

	private final Outbound outbound;

	private final Heartbeater.Latency latency = new Heartbeater.Latency();

	private final HttpClient.WebsocketSender http;

	private final Sinks.Many<ShardLifecycleEvent> lifecycle = Sinks.many().multicast().directBestEffort();

	private final Sinks.Empty<Void> done = Sinks.empty();

	private final Sinks.Empty<Void> terminated = Sinks.empty();

	/** Terminated, and every dispatch received was handed to the sink (or the buffer never existed). */
	private final Sinks.Empty<Void> drained = Sinks.empty();

	private final AtomicLong reconnects = new AtomicLong();

	/** Set before {@link #run}: the buffer delivers nothing before it completes (a previous buffer draining). */
	private Mono<Void> deliverAfter;

	private volatile int lastCloseCode = -1;

	private volatile GatewayException failure;

	private volatile ShutdownMode shutdownMode;

	private volatile ShardSink sink;

	private volatile DispatchBuffer buffer;

	private volatile ShardConnection current;

	private Disposable pendingConnect;

	private boolean started;

	/** Failed attempts since the last READY/RESUMED (drives the backoff). */
	private int failures;

	Supervisor(ShardContext context) {
		this.context = context;
		this.machine = new ShardStateMachine(context);
		this.session = new SessionState(context);
		this.outbound = new Outbound(context);
		// Not pooled: a gateway connection lives for hours, and Reactor Netty's shared pool would cap a process
		// at 500 connections to gateway.discord.gg (the default per-address limit).
		this.http = HttpClient.newConnection()
			.websocket(WebsocketClientSpec.builder()
				.maxFramePayloadLength(context.config().maxInboundMessageSize())
				.handlePing(false)
				.build());
	}

	// ----- what connections use

	ShardContext context() {
		return this.context;
	}

	ShardStateMachine machine() {
		return this.machine;
	}

	SessionState session() {
		return this.session;
	}

	Outbound outbound() {
		return this.outbound;
	}

	Heartbeater.Latency latency() {
		return this.latency;
	}

	HttpClient.WebsocketSender http() {
		return this.http;
	}

	/** Dispatches received but not yet handed to the sink. */
	int bufferedEvents() {
		DispatchBuffer b = this.buffer;
		return (b != null) ? b.size() : 0;
	}

	/** {@code null} before {@link #run} (a farewell connection of a shard that never ran delivers nothing). */
	DispatchBuffer buffer() {
		return this.buffer;
	}

	ShardSink sink() {
		return this.sink;
	}

	void emit(ShardLifecycleEvent event) {
		synchronized (this.lifecycle) {
			this.lifecycle.tryEmitNext(event);
		}
	}

	/** A close code was received or sent. */
	void closeCode(int code) {
		this.lastCloseCode = code;
	}

	/** READY or RESUMED: the backoff starts over. */
	synchronized void connectionLive() {
		this.failures = 0;
		this.machine.transition(ShardState.CONNECTED);
	}

	// ----- what the shard reads

	int lastCloseCode() {
		return this.lastCloseCode;
	}

	long reconnects() {
		return this.reconnects.get();
	}

	GatewayException failure() {
		return this.failure;
	}

	Flux<ShardLifecycleEvent> lifecycle() {
		return this.lifecycle.asFlux();
	}

	Mono<Void> drained() {
		return this.drained.asMono();
	}

	// ----- what the shard asks

	/** Runs {@code change} if the shard has not started yet; throws otherwise ({@code what} must precede run). */
	synchronized void beforeRun(String what, Runnable change) {
		if (this.started) {
			throw new IllegalStateException(what + " must be called before run");
		}
		change.run();
	}

	void deliverAfter(Mono<Void> previous) {
		this.deliverAfter = previous;
	}

	/** Starts the first connection; the {@code Mono} is {@link Shard#run}'s. */
	synchronized Mono<Void> run(ShardSink sink) {
		if (this.started) {
			return Mono.error(new IllegalStateException("Shard " + this.context.shardId() + " is already running"));
		}
		this.started = true;
		if (this.machine.state().isTerminal()) {
			return this.done.asMono();
		}
		ShardConfig config = this.context.config();
		try {
			GatewayUrls.check(config.gatewayUrl(), "gatewayUrl", config);
			if (config.compression() == Compression.ZSTD_STREAM) {
				config.compression().requireAvailable();
			}
		}
		catch (GatewayException ex) {
			this.failure = ex;
			this.machine.transition(ShardState.FATALLY_CLOSED);
			this.terminated.tryEmitEmpty();
			this.drained.tryEmitEmpty();
			return Mono.error(ex);
		}
		this.sink = sink;
		// a resumed session counts as delivered up to its sequence (by the previous owner or buffer)
		this.buffer = new DispatchBuffer(config.eventBufferSize(), sink,
				sink.nonBlocking() ? Runnable::run : config.lanes().lane(this.context.shardId()),
				this.context.log(), this.session.deliveredSoFar(), this.deliverAfter);
		this.session.deliverThrough(this.buffer);
		connect();
		return this.done.asMono();
	}

	/** Queues a user payload unless the shard is ending. */
	Mono<Void> queue(byte[] bytes, int op) {
		Mono<Void> result;
		// checked and queued under the lock the shard's end takes to fail what is queued: a payload either sees
		// the end here or is failed by it, never left pending
		synchronized (this) {
			if (this.machine.state().isTerminal() || this.shutdownMode != null) {
				return Mono.error(new GatewayException(
						"Shard " + this.context.shardId() + " is shut down; payload not sent"));
			}
			result = this.outbound.queue(bytes, op);
		}
		ShardConnection c = this.current;
		if (c != null) {
			c.schedulePump();
		}
		return result;
	}

	/** Closes the current connection resumably; the usual reconnect follows. */
	void reconnect() {
		ShardConnection c = this.current;
		if (c != null) {
			int code = CloseCode.CLIENT_RESUMABLE.code();
			c.requestClose(code, "reconnect requested",
					Outcome.reconnect(ReconnectCause.REQUESTED, code, "requested", Outcome.Delay.NONE, false));
		}
	}

	Mono<Void> shutdown(ShutdownMode mode) {
		ShardConnection c;
		synchronized (this) {
			if (this.machine.state().isTerminal()) {
				return this.terminated.asMono();
			}
			if (this.shutdownMode == null) {
				this.shutdownMode = mode;
			}
			this.machine.transition(ShardState.DISCONNECTING);
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
		int code = (this.shutdownMode == ShutdownMode.FINAL) ? 1000 : CloseCode.CLIENT_RESUMABLE.code();
		c.requestClose(code, "shutdown", Outcome.SHUTDOWN);
		return this.terminated.asMono();
	}

	// ----- between connections

	private synchronized void connect() {
		this.pendingConnect = null;
		// the wait for the budget's reset (if any) is over; a refusal on this connection sets it again
		this.session.identifyBlockedUntil(null);
		if (this.machine.state().isTerminal() || this.current != null) {
			return;
		}
		if (this.shutdownMode != null) {
			if (!sayFarewell()) {
				terminateShutdown();
			}
			return;
		}
		if (this.session.expired()) {
			// Discord no longer keeps it: a resume would only earn op 9 and a wasted connection
			this.context.log()
				.info("Shard {}: session {} has been disconnected since {}, longer than the resume window {}; "
						+ "identifying", this.context.shardId(), this.session.id(), this.session.disconnectedAt(),
						this.context.config().sessionResumeWindow());
			this.session.clear();
		}
		boolean resume = this.session.exists();
		this.machine.transition(ShardState.CONNECTING);
		open(resume, false);
	}

	/** Opens a connection: to {@code resume_gateway_url} when resuming and it is usable, else the main URL. */
	private void open(boolean resume, boolean farewell) {
		ShardConfig config = this.context.config();
		String base = config.gatewayUrl().toString();
		boolean onResumeUrl = false;
		String resumeUrl = this.session.resumeUrl();
		if (resume && resumeUrl != null) {
			try {
				GatewayUrls.check(URI.create(resumeUrl), "resume_gateway_url", config);
				base = resumeUrl;
				onResumeUrl = true;
			}
			catch (RuntimeException ex) {
				this.context.log()
					.warn("Shard {}: not using resume_gateway_url: {}", this.context.shardId(), ex.getMessage());
			}
		}
		URI uri = GatewayUrls.connectionUri(base, config);
		ShardConnection c = new ShardConnection(this, resume, uri, onResumeUrl, farewell);
		this.current = c;
		this.context.log()
			.debug("Shard {}: connecting to {} ({})", this.context.shardId(), uri,
					farewell ? "resume to end the session" : resume ? "resume" : "identify");
		emit(new ShardLifecycleEvent.Connecting(this.context.shardId(), uri.toString(), resume));
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
		if (this.shutdownMode != ShutdownMode.FINAL || !this.session.exists() || this.machine.state().isTerminal()) {
			return false;
		}
		this.machine.transition(ShardState.DISCONNECTING);
		open(true, true);
		return true;
	}

	/** A connection ended (once per connection): what follows it. */
	synchronized void connectionEnded(ShardConnection c, Outcome outcome) {
		if (this.current == c) {
			this.current = null;
		}
		this.session.connectionEnded(c.wentLive());
		if (this.machine.state().isTerminal()) {
			return;
		}
		if (outcome.kind() == Outcome.Kind.FATAL) {
			terminateFatal(outcome);
			return;
		}
		if (outcome.dropSession()) {
			this.session.clear();
		}
		if (this.shutdownMode != null) {
			if (c.isFarewell() || c.closedForGood() || !sayFarewell()) {
				terminateShutdown();
			}
			return;
		}
		if (c.onResumeUrl()) {
			this.session.resumeUrlAttempt(c.sawHello());
		}
		Duration delay = delay(outcome.delay());
		boolean resume = this.session.exists();
		this.reconnects.incrementAndGet();
		this.machine.transition(ShardState.RECONNECTING);
		int shardId = this.context.shardId();
		this.context.log()
			.info("Shard {}: reconnecting in {} ms ({}{}), {}", shardId, delay.toMillis(), outcome.cause(),
					(outcome.detail() != null) ? ": " + outcome.detail() : "",
					resume ? "will resume" : "will identify");
		emit(new ShardLifecycleEvent.Reconnecting(shardId, outcome.cause(), outcome.closeCode(), outcome.detail(),
				resume));
		this.context.observer().onReconnect(shardId, outcome.cause());
		if (delay.isZero()) {
			connect();
		}
		else {
			this.pendingConnect = Mono.delay(delay).subscribe((x) -> connect());
		}
	}

	private Duration delay(Outcome.Delay delay) {
		ShardConfig config = this.context.config();
		return switch (delay) {
			case NONE -> Duration.ZERO;
			case BACKOFF -> {
				long ceiling = config.reconnectBackoff().ceiling(this.failures++).toNanos();
				yield Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
			}
			case INVALID_SESSION -> {
				long min = config.invalidSessionDelayMin().toNanos();
				long max = config.invalidSessionDelayMax().toNanos();
				yield Duration.ofNanos(min + ((max > min) ? ThreadLocalRandom.current().nextLong(max - min + 1) : 0));
			}
			case SESSION_START_LIMIT -> budgetResetDelay();
		};
	}

	/** Until the budget's reset (never less than a second: no tight loop on a reset_after of 0), plus jitter. */
	private Duration budgetResetDelay() {
		Instant until = this.session.identifyBlockedUntil().orElse(null);
		long wait = (until != null) ? Duration.between(Instant.now(), until).toMillis() : 0;
		return Duration.ofMillis(Math.max(wait, 1000) + ThreadLocalRandom.current().nextLong(250));
	}

	// ----- the end

	private void terminateFatal(Outcome outcome) {
		GatewayException error = outcome.error();
		this.failure = error;
		this.machine.transition(ShardState.FATALLY_CLOSED);
		this.context.log().error("Shard {}: stopped: {}", this.context.shardId(), error.getMessage());
		emit(new ShardLifecycleEvent.FatallyClosed(this.context.shardId(), outcome.closeCode(), outcome.detail(),
				error));
		this.outbound.failAll(error);
		finishRun(() -> this.done.tryEmitError(error));
	}

	private void terminateShutdown() {
		ShutdownMode mode = this.shutdownMode;
		if (mode == ShutdownMode.FINAL) {
			this.session.clear();
		}
		this.machine.transition(ShardState.SHUT_DOWN);
		this.context.log().info("Shard {}: shut down ({})", this.context.shardId(), mode);
		emit(new ShardLifecycleEvent.ShutDown(this.context.shardId(), mode));
		this.outbound.failAll(
				new GatewayException("Shard " + this.context.shardId() + " shut down; payload not sent"));
		finishRun(this.done::tryEmitEmpty);
	}

	private void finishRun(Runnable signal) {
		this.terminated.tryEmitEmpty();
		Runnable end = () -> {
			this.drained.tryEmitEmpty();
			signal.run();
			synchronized (this.lifecycle) {
				this.lifecycle.tryEmitComplete();
			}
		};
		DispatchBuffer b = this.buffer;
		if (b != null) {
			b.whenDrained(end);
		}
		else {
			end.run();
		}
	}

}
