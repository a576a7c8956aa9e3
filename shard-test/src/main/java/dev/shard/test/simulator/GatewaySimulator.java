/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

import static dev.shard.test.simulator.SyntheticWorld.obj;

/**
 * A local Discord Gateway and REST API on loopback: two listening ports (the discovery gateway and the
 * {@code resume_gateway_url} it hands out in READY, both serving the gateway, REST and the control API), a
 * deterministic synthetic world, scenario controls and a record of everything clients did.
 *
 * <pre>{@code
 * try (GatewaySimulator sim = GatewaySimulator.builder().token("test-token").guilds(10).build().start()) {
 *     // point a client at sim.restBaseUrl() / sim.gatewayUrl()
 *     sim.dispatch("MESSAGE_CREATE", 100, null, null).join();
 *     assertThat(sim.log().violations()).isEmpty();
 * }
 * }</pre>
 */
public final class GatewaySimulator implements AutoCloseable {

	/** All documented intents (bits 0-16, 20, 21, 24, 25). */
	public static final long ALL_INTENTS = 53608447L;

	/** GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT. */
	public static final long PRIVILEGED_INTENTS = 33026L;

	/** Close codes after which Discord's table says not to reconnect: the session cannot be resumed. */
	private static final Set<Integer> NOT_RECONNECTABLE = Set.of(4004, 4010, 4011, 4012, 4013, 4014);

	/** Discord's close reasons by code. */
	private static final Map<Integer, String> CLOSE_REASONS = Map.ofEntries(Map.entry(4000, "Unknown error."),
			Map.entry(4001, "Unknown opcode."), Map.entry(4002, "Error while decoding payload."),
			Map.entry(4003, "Not authenticated."), Map.entry(4004, "Authentication failed."),
			Map.entry(4005, "Already authenticated."), Map.entry(4007, "Invalid seq."),
			Map.entry(4008, "Rate limited."), Map.entry(4009, "Session timed out."),
			Map.entry(4010, "Invalid shard."), Map.entry(4011, "Sharding required."),
			Map.entry(4012, "Invalid API version."), Map.entry(4013, "Invalid intent(s)."),
			Map.entry(4014, "Disallowed intent(s)."));

	final Config config;

	final JsonMapper json = JsonMapper.builder().build();

	final SyntheticWorld world;

	final GatewayCommands commands = new GatewayCommands(this);

	final RestApi rest = new RestApi(this);

	final Map<String, Session> sessions = new ConcurrentHashMap<>();

	final List<GatewayConnection> connections = new CopyOnWriteArrayList<>();

	final ConcurrentLinkedQueue<SimulatorLog.Identify> identifies = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SimulatorLog.Resume> resumes = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SimulatorLog.Violation> violations = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SimulatorLog.RestCall> restCalls = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SimulatorLog.SentMessage> sentMessages = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SimulatorLog.InteractionCallback> interactionCallbacks = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SimulatorLog.WebhookCall> webhookCalls = new ConcurrentLinkedQueue<>();

	private final List<Consumer<SimulatorLog.InteractionCallback>> answerListeners = new CopyOnWriteArrayList<>();

	final InteractionDesk interactionDesk;

	private final Map<String, LongAdder> dispatchCounts = new ConcurrentHashMap<>();

	private final AtomicInteger connectionIds = new AtomicInteger();

	/** Offsets synthetic payload variants so ids differ between dispatch calls. */
	private final AtomicInteger variants = new AtomicInteger();

	/** Per guild index, the last n of {@link #streamGuildMessages}'s {@code "<guildId>#<n>"}. */
	private final AtomicLongArray guildMessageNumbers;

	private final AtomicBoolean reconnectBeforeHello = new AtomicBoolean();

	private final SplittableRandom sessionIds;

	private final ExecutorService background;

	/** Identify bookkeeping, guarded by itself. */
	private final long[] lastIdentifyNanos;

	private int sessionStartsRemaining;

	private long sessionStartResetNanos;

	volatile boolean zombie;

	/** How long each heartbeat ACK is held back (0: at once). */
	volatile long ackDelayNanos;

	/** The {@code resume_gateway_url} advertised in READY instead of the second port, e.g. a dead address. */
	volatile String advertisedResumeUrl;

	/**
	 * The simulator's own event loops: not Reactor Netty's global ones, which a Spring application context in the same
	 * JVM disposes when it closes (a test that restarts a context must find the simulator still serving).
	 */
	private final LoopResources loops = LoopResources.create("gateway-sim",
			Math.max(2, Runtime.getRuntime().availableProcessors()), true);

	private volatile DisposableServer server;

	private DisposableServer resumeServer;

	/** The main port, fixed at {@link #start()} (it stays the same while it refuses connections). */
	private volatile int mainPort;

	/** Listeners closed by {@link #refuseConnections}; disposed at {@link #close()}. */
	private final List<DisposableServer> closedServers = new CopyOnWriteArrayList<>();

	private final List<RefusalPeriod> refusals = new CopyOnWriteArrayList<>();

	private Disposable reopening;

	private GatewaySimulator(Config config) {
		this.config = config;
		this.interactionDesk = new InteractionDesk(this, config.interactionKeySeed);
		this.world = new SyntheticWorld(this.json, config.seed, config.guilds, config.membersPerGuild,
				config.memberOverrides);
		this.sessionIds = new SplittableRandom(config.seed * 31 + 7);
		this.guildMessageNumbers = new AtomicLongArray(this.world.guilds.size());
		this.lastIdentifyNanos = new long[config.maxConcurrency];
		java.util.Arrays.fill(this.lastIdentifyNanos, Long.MIN_VALUE);
		this.sessionStartsRemaining = config.sessionStartRemaining;
		this.sessionStartResetNanos = System.nanoTime() + config.sessionStartResetAfter.toNanos();
		this.background = Executors.newSingleThreadExecutor((r) -> {
			Thread t = new Thread(r, "shard-sim-background");
			t.setDaemon(true);
			return t;
		});
	}

	public static Builder builder() {
		return new Builder();
	}

	// ---- lifecycle -----------------------------------------------------------------------------------------

	/** Binds both ports on 127.0.0.1. */
	public GatewaySimulator start() {
		this.server = bind(this.config.port, false);
		this.mainPort = this.server.port();
		this.resumeServer = bind(0, true);
		return this;
	}

	/**
	 * Makes the main port (REST, the control API and the discovery gateway: they share it) refuse connections for
	 * {@code duration}, then listen again on the same port. The listening socket is really closed, so clients get a
	 * connection error (refused), not an HTTP status, like an API that is down; connections already open stay open.
	 * @param duration how long, or {@code null} until {@link #acceptConnections()}
	 * @return this
	 */
	public synchronized GatewaySimulator refuseConnections(Duration duration) {
		if (this.reopening != null) {
			this.reopening.dispose();
			this.reopening = null;
		}
		DisposableServer listening = this.server;
		if (listening != null) {
			this.server = null;
			this.closedServers.add(listening);
			// only the listening channel: accepted connections are children and live on
			listening.channel().close().syncUninterruptibly();
			this.refusals.add(new RefusalPeriod(Instant.now(), null));
		}
		if (duration != null) {
			// bindNow blocks: not on a parallel (non-blocking) thread
			this.reopening = Mono.delay(duration, Schedulers.boundedElastic())
				.subscribe((x) -> acceptConnections());
		}
		return this;
	}

	/** Listen again on the main port after {@link #refuseConnections(Duration)}; nothing happens if it listens. */
	public synchronized GatewaySimulator acceptConnections() {
		if (this.server != null) {
			return this;
		}
		RuntimeException failure = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				this.server = bind(this.mainPort, false);
				int last = this.refusals.size() - 1;
				this.refusals.set(last, new RefusalPeriod(this.refusals.get(last).from(), Instant.now()));
				return this;
			}
			catch (RuntimeException ex) {
				// the port is briefly unavailable (e.g. a connection in TIME_WAIT on a platform without reuse)
				failure = ex;
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}
		throw failure;
	}

	/** Whether the main port refuses connections now (see {@link #refuseConnections(Duration)}). */
	public boolean isRefusingConnections() {
		return this.server == null && this.mainPort != 0;
	}

	/** The periods in which the main port refused connections, oldest first ({@code to} null while refusing). */
	public List<RefusalPeriod> refusals() {
		return List.copyOf(this.refusals);
	}

	/**
	 * A period of {@link #refuseConnections(Duration)}.
	 *
	 * @param from when the port stopped listening
	 * @param to when it listened again, or {@code null} while it still refuses
	 */
	public record RefusalPeriod(Instant from, Instant to) {
	}

	private DisposableServer bind(int port, boolean resumePort) {
		return HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(port)
			.handle((req, res) -> handle(req, res, resumePort))
			.bindNow(Duration.ofSeconds(10));
	}

	/** Stops both servers and drops every connection. */
	@Override
	public void close() {
		synchronized (this) {
			if (this.reopening != null) {
				this.reopening.dispose();
			}
		}
		for (DisposableServer closed : this.closedServers) {
			closed.disposeNow(Duration.ofSeconds(5));
		}
		for (GatewayConnection c : this.connections) {
			if (c.isOpen()) {
				c.channel.close();
			}
		}
		if (this.server != null) {
			this.server.disposeNow(Duration.ofSeconds(5));
		}
		if (this.resumeServer != null) {
			this.resumeServer.disposeNow(Duration.ofSeconds(5));
		}
		this.background.shutdownNow();
		this.loops.dispose();
	}

	public int port() {
		return this.mainPort;
	}

	public int resumePort() {
		return this.resumeServer.port();
	}

	/** {@code http://127.0.0.1:<port>/api/v10}. */
	public String restBaseUrl() {
		return "http://127.0.0.1:" + port() + "/api/v10";
	}

	/** {@code ws://127.0.0.1:<port>/}, answered by {@code GET /gateway} and {@code GET /gateway/bot}. */
	public String gatewayUrl() {
		return "ws://127.0.0.1:" + port() + "/";
	}

	/** {@code ws://127.0.0.1:<second port>/}, the {@code resume_gateway_url} sent in READY. */
	public String resumeGatewayUrl() {
		return "ws://127.0.0.1:" + resumePort() + "/";
	}

	/** {@code http://127.0.0.1:<port>/control}. */
	public String controlUrl() {
		return "http://127.0.0.1:" + port() + "/control";
	}

	public String token() {
		return this.config.token;
	}

	// ---- HTTP entry ----------------------------------------------------------------------------------------

	private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, boolean resumePort) {
		String upgrade = req.requestHeaders().get(HttpHeaderNames.UPGRADE);
		if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
			return gateway(req, res, resumePort);
		}
		return this.rest.handle(req, res);
	}

	private Publisher<Void> gateway(HttpServerRequest req, HttpServerResponse res, boolean resumePort) {
		QueryStringDecoder decoder = new QueryStringDecoder(req.uri());
		Map<String, List<String>> params = decoder.parameters();
		String v = first(params, "v");
		String encoding = first(params, "encoding");
		String compress = first(params, "compress");
		String rawQuery = req.uri().contains("?") ? req.uri().substring(req.uri().indexOf('?') + 1) : "";
		String chosenCompress = (compress == null) ? "none" : compress;
		List<String> problems = new ArrayList<>();
		if (!"none".equals(chosenCompress) && !"zlib-stream".equals(chosenCompress)
				&& !"zstd-stream".equals(chosenCompress)) {
			problems.add("unknown compress '" + compress + "': sending uncompressed");
			chosenCompress = "none";
		}
		String finalCompress = chosenCompress;
		int port = resumePort ? resumePort() : port();
		String url = "ws://127.0.0.1:" + port + req.uri();
		return res.sendWebsocket((in, out) -> session(in, out, port, resumePort, url, rawQuery, v, encoding,
				finalCompress, problems), WebsocketServerSpec.builder().maxFramePayloadLength(1 << 20).build());
	}

	private Publisher<Void> session(WebsocketInbound in, WebsocketOutbound out, int port, boolean resumePort,
			String url, String query, String v, String encoding, String compress, List<String> problems) {
		io.netty.channel.Channel[] channel = new io.netty.channel.Channel[1];
		in.withConnection((c) -> channel[0] = c.channel());
		GatewayConnection connection = new GatewayConnection(this, this.connectionIds.incrementAndGet(), channel[0],
				out, port, resumePort, url, query, compress);
		this.connections.add(connection);
		forgetOldConnections();
		in.withConnection((c) -> c.onDispose(connection::onDisposed));
		in.receiveCloseStatus().subscribe((status) -> connection.onClientClose(status.code(), status.reasonText()));
		for (String problem : problems) {
			connection.violation("query", problem);
		}
		if (!"10".equals(v) && !"9".equals(v)) {
			connection.violation("4012", "unsupported gateway version v=" + v);
			connection.closeByServer(4012, "Invalid API version.");
		}
		else if (encoding != null && !"json".equals(encoding)) {
			connection.violation("4002", "unsupported encoding '" + encoding + "' (the simulator speaks json only)");
			connection.closeByServer(4002, "Error while decoding payload.");
		}
		else {
			connection.start(this.reconnectBeforeHello.getAndSet(false));
		}
		return in.aggregateFrames(1 << 20).receiveFrames().doOnNext(connection::onFrame).then();
	}

	/**
	 * Keeps the record of at most {@code connectionLogCapacity} connections: the oldest closed ones go first (open
	 * ones are always kept), so a long run does not grow without bound.
	 */
	private void forgetOldConnections() {
		int excess = this.connections.size() - this.config.connectionLogCapacity;
		if (excess <= 0) {
			return;
		}
		synchronized (this.connections) {
			List<GatewayConnection> old = new ArrayList<>();
			for (GatewayConnection c : this.connections) {
				if (old.size() >= excess) {
					break;
				}
				if (!c.isOpen()) {
					old.add(c);
				}
			}
			this.connections.removeAll(old);
		}
	}

	private static String first(Map<String, List<String>> params, String key) {
		List<String> values = params.get(key);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	// ---- sessions ------------------------------------------------------------------------------------------

	/** @return null when admitted, "bucket" for a concurrency breach, "budget" when no starts are left. */
	String admitIdentify(int shardId) {
		synchronized (this.lastIdentifyNanos) {
			long now = System.nanoTime();
			int key = shardId % this.config.maxConcurrency;
			long last = this.lastIdentifyNanos[key];
			if (last != Long.MIN_VALUE && now - last < this.config.identifyWindow.toNanos()) {
				return "bucket";
			}
			if (now >= this.sessionStartResetNanos) {
				this.sessionStartsRemaining = this.config.sessionStartTotal;
				this.sessionStartResetNanos = now + this.config.sessionStartResetAfter.toNanos();
			}
			if (this.sessionStartsRemaining <= 0) {
				return "budget";
			}
			this.sessionStartsRemaining--;
			this.lastIdentifyNanos[key] = now;
			return null;
		}
	}

	Map<String, Object> sessionStartLimit() {
		synchronized (this.lastIdentifyNanos) {
			long now = System.nanoTime();
			if (now >= this.sessionStartResetNanos) {
				this.sessionStartsRemaining = this.config.sessionStartTotal;
				this.sessionStartResetNanos = now + this.config.sessionStartResetAfter.toNanos();
			}
			return obj("total", this.config.sessionStartTotal, "remaining", this.sessionStartsRemaining,
					"reset_after", TimeUnit.NANOSECONDS.toMillis(this.sessionStartResetNanos - now), "max_concurrency",
					this.config.maxConcurrency);
		}
	}

	Session newSession(int shardId, int shardCount, long intents, int largeThreshold, String compress) {
		String id;
		synchronized (this.sessionIds) {
			id = HexFormat.of().toHexDigits(this.sessionIds.nextLong()) + HexFormat.of().toHexDigits(this.sessionIds.nextLong());
		}
		// expired and destroyed sessions go here, so memory stays bounded by the live ones
		this.sessions.values().removeIf((old) -> !old.live());
		Session s = new Session(id, shardId, shardCount, intents, largeThreshold, compress,
				this.config.replayCapacity);
		this.sessions.put(id, s);
		return s;
	}

	void sendReady(Session s, boolean echoShard) {
		s.resumeUrlOverridden = this.advertisedResumeUrl != null;
		List<SyntheticWorld.Guild> guilds = this.world.guildsFor(s.shardId, s.shardCount);
		List<Object> unavailable = new ArrayList<>();
		for (SyntheticWorld.Guild g : guilds) {
			unavailable.add(obj("id", Long.toString(g.id()), "unavailable", true));
		}
		Map<String, Object> d = obj("v", 10, "user_settings", Map.of(), "user", this.world.botUser(),
				"session_type", "normal", "session_id", s.id, "resume_gateway_url", advertisedResumeGatewayUrl(),
				"relationships", List.of(), "private_channels", List.of(), "presences", List.of(), "guilds",
				unavailable, "guild_join_requests", List.of(), "geo_ordered_rtc_regions",
				List.of("us-east", "us-central"), "game_relationships", List.of(), "auth", Map.of(), "application",
				obj("id", Long.toString(this.world.applicationId), "flags", 565248), "_trace",
				List.of("[\"gateway-sim\",{\"micros\":0.0}]"));
		if (echoShard) {
			d.put("shard", List.of(s.shardId, s.shardCount));
		}
		DispatchTemplate ready = DispatchTemplate.of("READY", this.world.string(d));
		synchronized (s) {
			// READY and the GUILD_CREATEs back to back: an event routed by guild from another thread comes before
			// READY (and is not sent: see routeByGuild) or after the last GUILD_CREATE
			dispatchTo(s, ready);
			for (SyntheticWorld.Guild g : guilds) {
				dispatchTo(s, new DispatchTemplate("GUILD_CREATE", this.world.guildCreate(g, s.largeThreshold)));
			}
		}
	}

	DispatchTemplate resumedTemplate() {
		return DispatchTemplate.of("RESUMED", "{\"_trace\":[\"[\\\"gateway-sim\\\",{\\\"micros\\\":0.0}]\"]}");
	}

	long dispatchTo(Session s, DispatchTemplate t) {
		countDispatch(t.type, 1);
		return s.dispatch(t, true);
	}

	void countDispatch(String type, long n) {
		this.dispatchCounts.computeIfAbsent(type, (k) -> new LongAdder()).add(n);
	}

	/**
	 * Told when the dispatches of a {@link #dispatch} or {@link #replay} job are written to the socket: for a
	 * benchmark's latency measured from the server's write (a client's own receive time starts only once its thread
	 * has woken up and read). Called on the connection's event loop; keep it cheap.
	 */
	@FunctionalInterface
	public interface WriteListener {

		/**
		 * @param firstSequence the first sequence number written
		 * @param lastSequence the last one
		 * @param nanos {@link System#nanoTime()} just before the flush that wrote them (on loopback the client can
		 * be reading them before the flush returns, so a time taken after it would be late)
		 */
		void written(long firstSequence, long lastSequence, long nanos);

	}

	private volatile WriteListener writeListener;

	/**
	 * Set (or clear, with {@code null}) the listener told of each flushed batch of dispatches.
	 * @param listener the listener
	 */
	public void writeListener(WriteListener listener) {
		this.writeListener = listener;
	}

	boolean observesWrites() {
		return this.writeListener != null;
	}

	void written(long firstSequence, long lastSequence, long nanos) {
		WriteListener listener = this.writeListener;
		if (listener != null && lastSequence >= firstSequence) {
			listener.written(firstSequence, lastSequence, nanos);
		}
	}

	/** Live sessions (connected, or disconnected but still resumable) for {@code shard}, or all. */
	List<Session> targetSessions(Integer shard) {
		List<Session> out = new ArrayList<>();
		for (Session s : this.sessions.values()) {
			if (s.live() && (shard == null || s.shardId == shard)) {
				out.add(s);
			}
		}
		out.sort((a, b) -> Integer.compare(a.shardId, b.shardId));
		return out;
	}

	/** Open connections whose session is on {@code shard}, or every open connection. */
	List<GatewayConnection> targetConnections(Integer shard) {
		List<GatewayConnection> out = new ArrayList<>();
		for (GatewayConnection c : this.connections) {
			if (c.isOpen() && (shard == null || Objects.equals(c.shardId(), shard))) {
				out.add(c);
			}
		}
		return out;
	}

	// ---- scenario controls ---------------------------------------------------------------------------------

	/**
	 * Dispatches {@code count} synthetic events of {@code type} to every live session of {@code shard} (all
	 * when null), as fast as possible or at {@code ratePerSecond}. Sessions that are disconnected but resumable
	 * buffer the events for replay. Payloads are encoded once (a pool of at most 256 distinct payloads per
	 * session, reused round-robin), so the simulator is not the bottleneck.
	 * @return completes with the number of dispatches once all are written
	 */
	public CompletableFuture<Long> dispatch(String type, int count, Integer shard, Double ratePerSecond) {
		List<CompletableFuture<Long>> jobs = new ArrayList<>();
		for (Session s : targetSessions(shard)) {
			List<SyntheticWorld.Guild> guilds = this.world.guildsFor(s.shardId, s.shardCount);
			int distinct = Math.max(1, Math.min(count, this.config.distinctPayloads));
			List<DispatchTemplate> pool = payloadPool(type, count, guilds, this.variants.getAndAdd(distinct));
			DispatchJob job = new DispatchJob(this, s, pool, count, (ratePerSecond != null) ? ratePerSecond : 0);
			jobs.add(job.done);
			job.start();
		}
		return CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new))
			.thenApply((v) -> jobs.stream().mapToLong(CompletableFuture::join).sum());
	}

	/**
	 * The payloads of {@link #dispatch} for a session that owns {@code guilds}: at most {@code distinctPayloads},
	 * variants from {@code base} on. With guilds they depend on the world's settings only (see
	 * {@link #worldSettings()}); without, they carry live snowflakes.
	 */
	List<DispatchTemplate> payloadPool(String type, int count, List<SyntheticWorld.Guild> guilds, int base) {
		List<DispatchTemplate> pool = new ArrayList<>();
		int distinct = Math.max(1, Math.min(count, this.config.distinctPayloads));
		for (int i = 0; i < distinct; i++) {
			SyntheticWorld.Guild g = guilds.isEmpty() ? null : guilds.get(i % guilds.size());
			String d = (g != null) ? this.world.eventData(type, g, base + i)
					: this.world.string(obj("id", Long.toString(this.world.newId()), "_synthetic", i));
			pool.add(DispatchTemplate.of(type, d));
		}
		return pool;
	}

	/** The builder settings that the synthetic world's payloads depend on (a recording is bound to them). */
	String worldSettings() {
		return "seed " + this.config.seed + ", guilds " + this.config.guilds + ", members per guild "
				+ this.config.membersPerGuild + ", member overrides " + new java.util.TreeMap<>(this.config.memberOverrides)
				+ ", distinct payloads " + this.config.distinctPayloads;
	}

	/**
	 * Replays a {@link DispatchRecording} into every live session of {@code shard} (all when null), as fast as the
	 * client reads or at {@code ratePerSecond}: the frames were encoded (and deflated) when the recording was made,
	 * so the simulator only copies bytes into the socket, in large slices, while the channel is writable.
	 * <p>
	 * Each session must be connected, on the recording's compression and shard layout, with its next sequence
	 * number the recording's first; otherwise its replay is refused (the future fails with an
	 * {@link IllegalStateException}). When it starts, the session's sequence becomes the recording's last. What
	 * the simulator sends meanwhile on that connection waits: heartbeat ACKs and other non-dispatch messages go out
	 * between two frames where the stream allows it (zlib-stream: every 1,024 frames; a paced replay may
	 * hold them that long), dispatches after the replay (their sequence numbers follow the recording's). Do not run
	 * {@link #dispatch} on the same session meanwhile: its events would wait in memory.
	 * <p>
	 * The replayed events are not in the session's replay buffer: a client that resumes from a sequence number
	 * before the recording's end gets INVALID_SESSION (as one older than the buffer does), and a replay whose
	 * connection closes before its end fails.
	 * @return completes with the number of frames written once all are written
	 * @throws IllegalArgumentException when the recording was made from a world with other settings
	 */
	public CompletableFuture<Long> replay(DispatchRecording recording, Integer shard, Double ratePerSecond) {
		if (!recording.world.equals(worldSettings())) {
			throw new IllegalArgumentException("the recording was made for a world with " + recording.world
					+ "; this simulator has " + worldSettings());
		}
		List<CompletableFuture<Long>> jobs = new ArrayList<>();
		for (Session s : targetSessions(shard)) {
			ReplayJob job = new ReplayJob(this, s, recording, (ratePerSecond != null) ? ratePerSecond : 0);
			jobs.add(job.done);
			job.start();
		}
		return CompletableFuture.allOf(jobs.toArray(CompletableFuture[]::new))
			.thenApply((v) -> jobs.stream().mapToLong(CompletableFuture::join).sum());
	}

	/** Dispatches one event of {@code type} with exactly {@code dJson} as {@code d}; returns the seqs used. */
	public List<Long> dispatchRaw(String type, String dJson, Integer shard) {
		DispatchTemplate t = DispatchTemplate.of(type, dJson);
		List<Long> seqs = new ArrayList<>();
		for (Session s : targetSessions(shard)) {
			seqs.add(dispatchTo(s, t));
		}
		return seqs;
	}

	// ---- layouts: routing by guild, as Discord does for every [shard_id, num_shards] ------------------------

	/**
	 * Dispatches one event of {@code type} with exactly {@code dJson} as {@code d} to every live session that
	 * owns guild {@code guildId} under its own {@code [shard_id, num_shards]}: those with
	 * {@code (guild_id >> 22) % num_shards == shard_id}. Discord applies the formula to each connection on its own,
	 * so while two layouts are connected (say 2 shards and 4 shards during a re-shard) each gets the event once,
	 * each with its own sequence number. A session that is disconnected but resumable buffers it for replay, as
	 * with every dispatch; a session that has not had its READY yet does not get it. The payload is encoded once
	 * for all receiving sessions.
	 * @param type the event name, e.g. {@code MESSAGE_CREATE}
	 * @param guildId the guild's snowflake (any id: it need not be one of the synthetic world's guilds)
	 * @param dJson the event's {@code d}, sent as is
	 * @return the sequence numbers used, one per receiving session, ordered by shard count then shard id (empty
	 * when no live session owns the guild)
	 * @see <a href="https://discord.com/developers/docs/events/gateway#sharding">Sharding</a>
	 */
	public List<Long> dispatchToGuild(String type, String guildId, String dJson) {
		Objects.requireNonNull(guildId, "guildId (use dispatchDirect for events without a guild)");
		List<Long> seqs = new ArrayList<>();
		routeByGuild(DispatchTemplate.of(type, dJson), false, Long.parseUnsignedLong(guildId), seqs);
		return seqs;
	}

	/**
	 * Dispatches one event that belongs to no guild (a direct message: {@code MESSAGE_CREATE} without
	 * {@code guild_id}) with exactly {@code dJson} as {@code d}. Discord sends those to shard 0 only, so it goes
	 * to every live session with {@code shard_id} 0: the shard 0 of each layout connected (one per distinct
	 * {@code num_shards}). Buffered for replay like {@link #dispatchToGuild}.
	 * @param type the event name, e.g. {@code MESSAGE_CREATE}
	 * @param dJson the event's {@code d}, sent as is
	 * @return the sequence numbers used, one per receiving session, ordered by shard count
	 * @see <a href="https://discord.com/developers/docs/events/gateway#sharding">Sharding</a>
	 */
	public List<Long> dispatchDirect(String type, String dJson) {
		List<Long> seqs = new ArrayList<>();
		routeByGuild(DispatchTemplate.of(type, dJson), true, 0, seqs);
		return seqs;
	}

	/**
	 * Streams {@code count} {@code MESSAGE_CREATE} events round-robin over the world's guilds (event {@code i} of
	 * the call goes to guild {@code i % guilds}), each routed like {@link #dispatchToGuild} to the owning session
	 * of every layout connected. Each {@code d} is a realistic guild message of that guild (channel, author,
	 * member) whose {@code content} is {@code "<guildId>#<n>"}, {@code n} counting 1, 2, 3... per guild over the
	 * simulator's life (a second call goes on where the first stopped), and whose {@code id} is a snowflake never
	 * used before: a test can check per guild and per layout that every message arrived exactly once and in
	 * order. It runs on the simulator's background thread, not the caller's, and waits while a receiving
	 * connection is not writable, so a slow client is not buffered without bound.
	 * @param count how many events (not multiplied by the receiving sessions)
	 * @param ratePerSecond events per second, or 0 for as fast as possible
	 * @return completes with {@code count} once every event was handed to its sessions and written to their
	 * connections (or buffered for replay)
	 * @see <a href="https://discord.com/developers/docs/events/gateway-events#message-create">Message Create</a>
	 */
	public CompletableFuture<Long> streamGuildMessages(int count, double ratePerSecond) {
		if (count < 0 || ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
			throw new IllegalArgumentException("count and ratePerSecond must not be negative");
		}
		if (count > 0 && this.world.guilds.isEmpty()) {
			throw new IllegalStateException("the synthetic world has no guilds");
		}
		GuildMessageStream stream = new GuildMessageStream(this, count, ratePerSecond);
		stream.start();
		return stream.done;
	}

	/**
	 * The layouts connected now: per shard count ({@code num_shards}) the ids of its shards whose session has an
	 * open connection, sorted (an id twice if two connections identified as the same shard). Sessions that are
	 * disconnected but still resumable are not listed.
	 */
	public Map<Integer, List<Integer>> connectedLayouts() {
		Map<Integer, List<Integer>> out = new TreeMap<>();
		for (Session s : this.sessions.values()) {
			GatewayConnection c = s.connection();
			if (s.live() && c != null && c.isOpen()) {
				out.computeIfAbsent(s.shardCount, (k) -> new ArrayList<>()).add(s.shardId);
			}
		}
		out.replaceAll((k, ids) -> ids.stream().sorted().toList());
		return Collections.unmodifiableMap(out);
	}

	/**
	 * Changes what {@code GET /gateway/bot} answers as {@code shards} from now on (the builder's
	 * {@link Builder#recommendedShards(int)} sets the first value): Discord raises it as a bot grows. Safe to call
	 * from any thread.
	 * @param shards the recommended shard count, at least 1
	 * @see <a href="https://discord.com/developers/docs/events/gateway#get-gateway-bot">Get Gateway Bot</a>
	 */
	public void recommendedShards(int shards) {
		if (shards < 1) {
			throw new IllegalArgumentException("shards must be at least 1");
		}
		this.config.recommendedShards = shards;
	}

	/** What {@code GET /gateway/bot} answers as {@code shards} now. */
	public int recommendedShards() {
		return this.config.recommendedShards;
	}

	/**
	 * Closes every open connection whose session belongs to the layout of {@code shardCount} shards, with
	 * {@code code} and Discord's reason for it (e.g. 4011 {@code Sharding required.}). For the codes after which
	 * Discord says not to reconnect (4004, 4010, 4011, 4012, 4013, 4014) the sessions are dropped at once, as
	 * Discord does: a later RESUME of one gets op 9 Invalid Session with {@code d=false}. For other codes they stay
	 * resumable for {@code sessionExpiry}, like {@link #close(Integer, int)}. Other layouts are untouched.
	 * @param shardCount the {@code num_shards} of the layout to close
	 * @param code the close code
	 * @return how many connections were closed
	 * @see <a href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes">Gateway Close Event Codes</a>
	 */
	public int closeLayout(int shardCount, int code) {
		boolean resumable = !NOT_RECONNECTABLE.contains(code);
		String reason = CLOSE_REASONS.getOrDefault(code, "Closed by simulator.");
		int closed = 0;
		for (Session s : this.sessions.values()) {
			GatewayConnection c = s.connection();
			if (s.shardCount != shardCount || !s.live() || c == null || !c.isOpen()) {
				continue;
			}
			if (!resumable) {
				// before the close frame goes out: a client that resumes at once must already be refused
				s.destroy();
				this.sessions.remove(s.id);
			}
			c.closeByServer(code, reason);
			closed++;
		}
		return closed;
	}

	/**
	 * Sends {@code t} to every live session that owns guild {@code guildId} ({@code direct}: to every live session
	 * of shard 0), in order of shard count then shard id, skipping sessions that have not had READY yet.
	 * @param seqs receives the sequence numbers used, or null
	 * @return how many sessions got it
	 */
	int routeByGuild(DispatchTemplate t, boolean direct, long guildId, List<Long> seqs) {
		List<Session> targets = new ArrayList<>();
		for (Session s : this.sessions.values()) {
			int owner = direct ? 0 : SyntheticWorld.shardOf(guildId, s.shardCount);
			if (s.shardId == owner && s.live()) {
				targets.add(s);
			}
		}
		if (targets.size() > 1) {
			targets.sort(Comparator.comparingInt((Session s) -> s.shardCount)
				.thenComparingInt((s) -> s.shardId));
		}
		int n = 0;
		for (Session s : targets) {
			long seq = s.dispatchAfterReady(t);
			if (seq > 0) {
				n++;
				if (seqs != null) {
					seqs.add(seq);
				}
			}
		}
		if (n > 0) {
			countDispatch(t.type, n);
		}
		return n;
	}

	/** The next n of guild {@code guildIndex}'s streamed messages. */
	long nextGuildMessageNumber(int guildIndex) {
		return this.guildMessageNumbers.incrementAndGet(guildIndex);
	}

	/** Sends op 7 Reconnect; the simulator closes the socket with 4000 if the client has not after 5 s. */
	public void reconnect(Integer shard) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.sendText(GatewayConnection.RECONNECT);
			c.channel.eventLoop().schedule(() -> c.closeByServer(4000, "Reconnect requested."),
					this.config.reconnectCloseAfter.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** The next connection gets op 7 in place of Hello. */
	public void reconnectBeforeHelloOnNextConnection() {
		this.reconnectBeforeHello.set(true);
	}

	/** Sends op 9 with {@code d=resumable}; a non-resumable session is destroyed. The socket stays open. */
	public void invalidate(Integer shard, boolean resumable) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.invalidate(resumable);
		}
	}

	/** Closes with {@code code}; the session stays resumable for {@code sessionExpiry}. */
	public void close(Integer shard, int code) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.closeByServer(code, "Closed by simulator.");
		}
	}

	/** Stops (true) or resumes (false) answering heartbeats on every connection. */
	public void zombie(boolean enabled) {
		this.zombie = enabled;
	}

	/**
	 * Holds every heartbeat ACK back by {@code delay} (a slow round trip); {@link Duration#ZERO} answers at once
	 * again. ACKs keep their order.
	 */
	public void ackDelay(Duration delay) {
		this.ackDelayNanos = delay.toNanos();
	}

	/**
	 * Advertises {@code url} as {@code resume_gateway_url} in the READYs that follow (e.g. an address nothing
	 * answers on, to play a dead resume URL); {@code null} goes back to the second port. A session that was given
	 * such a URL may resume on the main port without a violation: a client that cannot reach the advertised URL
	 * may resume through the main one.
	 */
	public void advertiseResumeGatewayUrl(String url) {
		this.advertisedResumeUrl = url;
	}

	/** What READY says {@code resume_gateway_url} is. */
	public String advertisedResumeGatewayUrl() {
		String url = this.advertisedResumeUrl;
		return (url != null) ? url : resumeGatewayUrl();
	}

	/** Drops TCP with no close frame (RST). The session stays resumable. */
	public void drop(Integer shard) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.drop();
		}
	}

	/** Sends {@code text} as one gateway message (compressed if the connection is), e.g. malformed JSON. */
	public void sendRaw(Integer shard, String text) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.sendText(text);
		}
	}

	/** Sends op 1: the client must heartbeat at once. */
	public void requestHeartbeat(Integer shard) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.requestHeartbeat();
		}
	}

	/** Sends an unknown opcode ({@code op 99}). */
	public void sendUnknownOpcode(Integer shard) {
		sendRaw(shard, "{\"t\":null,\"s\":null,\"op\":99,\"d\":{\"simulated\":true}}");
	}

	/** Dispatches an event type Discord has not documented (it gets a sequence number like any dispatch). */
	public List<Long> dispatchUnknownType(Integer shard) {
		return dispatchRaw("GUILD_JOIN_REQUEST_UPDATE", "{\"guild_id\":\"1\",\"status\":\"SUBMITTED\",\"_trace\":[]}",
				shard);
	}

	/** Sends a message that is not JSON. */
	public void sendMalformedJson(Integer shard) {
		sendMalformedJson(shard, 1);
	}

	/**
	 * Sends {@code times} messages that are not JSON back to back: nothing else (a streamed dispatch, an ACK) comes
	 * between them on the wire, so a client sees them in a row.
	 */
	public void sendMalformedJson(Integer shard, int times) {
		List<String> messages = Collections.nCopies(times, "{\"t\":\"MESSAGE_CREATE\",\"s\":");
		for (GatewayConnection c : targetConnections(shard)) {
			c.sendTexts(messages);
		}
	}

	/** Sends half of a compressed (or plain) message: the client must fail to decode it and not crash. */
	public void sendTruncatedFrame(Integer shard) {
		for (GatewayConnection c : targetConnections(shard)) {
			c.sendTruncated(GatewayConnection.HEARTBEAT_ACK.replace("null,\"op\":11", "null,\"op\":11,\"x\":0"));
		}
	}

	/**
	 * Sends one live dispatch of {@code type} split over {@code parts} WebSocket frames (continuations); the
	 * client must reassemble it. It takes a sequence number and is buffered for replay.
	 */
	public void dispatchFragmented(String type, int parts, Integer shard) {
		for (Session s : targetSessions(shard)) {
			GatewayConnection c = s.connection();
			List<SyntheticWorld.Guild> guilds = this.world.guildsFor(s.shardId, s.shardCount);
			String d = guilds.isEmpty() ? "{}" : this.world.eventData(type, guilds.get(0), 0);
			DispatchTemplate t = DispatchTemplate.of(type, d);
			if (c == null) {
				dispatchTo(s, t);
				continue;
			}
			c.execute(() -> {
				synchronized (s) {
					// take the sequence number without writing, then write the fragmented frames in its place
					s.attach(null);
					long seq = dispatchTo(s, t);
					s.attach(c);
					c.sendFragmented(new String(t.encode(seq), java.nio.charset.StandardCharsets.UTF_8), parts);
				}
			});
		}
	}

	/**
	 * Sends a compressed frame that inflates to {@code inflatedBytes} of JSON whitespace followed by a small
	 * object (a decompression bomb). Only meaningful on compressed connections.
	 */
	public void sendDecompressionBomb(Integer shard, int inflatedBytes) {
		StringBuilder sb = new StringBuilder(inflatedBytes + 64);
		sb.append("{\"t\":null,\"s\":null,\"op\":").append(Opcode.HEARTBEAT_ACK.code).append(",\"d\":null");
		sb.append(" ".repeat(Math.max(0, inflatedBytes)));
		sb.append('}');
		sendRaw(shard, sb.toString());
	}

	// ---- record --------------------------------------------------------------------------------------------

	/** A snapshot of everything recorded so far. */
	public SimulatorLog log() {
		List<SimulatorLog.Connection> conns = new ArrayList<>();
		for (GatewayConnection c : this.connections) {
			conns.add(c.snapshot());
		}
		return new SimulatorLog(conns, List.copyOf(this.identifies), List.copyOf(this.resumes),
				List.copyOf(this.violations), List.copyOf(this.restCalls), List.copyOf(this.sentMessages),
				List.copyOf(this.interactionCallbacks), List.copyOf(this.webhookCalls));
	}

	public List<SimulatorLog.Connection> connections() {
		return log().connections();
	}

	public List<SimulatorLog.Identify> identifies() {
		return List.copyOf(this.identifies);
	}

	public List<SimulatorLog.Resume> resumes() {
		return List.copyOf(this.resumes);
	}

	public List<SimulatorLog.Violation> violations() {
		return List.copyOf(this.violations);
	}

	public List<SimulatorLog.RestCall> restCalls() {
		return List.copyOf(this.restCalls);
	}

	public List<SimulatorLog.SentMessage> sentMessages() {
		return List.copyOf(this.sentMessages);
	}

	public List<SimulatorLog.InteractionCallback> interactionCallbacks() {
		return List.copyOf(this.interactionCallbacks);
	}

	/** Every interaction follow-up and edit ({@code /webhooks/{application_id}/{token}...}), in arrival order. */
	public List<SimulatorLog.WebhookCall> webhookCalls() {
		return List.copyOf(this.webhookCalls);
	}

	/** Dispatches of {@code type} sent or buffered so far, over all sessions (READY, GUILD_CREATE, replies...). */
	public long dispatchedCount(String type) {
		LongAdder a = this.dispatchCounts.get(type);
		return (a != null) ? a.sum() : 0;
	}

	/** All dispatches so far, by type. */
	public Map<String, Long> dispatchedCounts() {
		Map<String, Long> out = new HashMap<>();
		this.dispatchCounts.forEach((k, v) -> out.put(k, v.sum()));
		return out;
	}

	/**
	 * What the live sessions of {@code shard} (all when null) were sent, in sequence order, as far back as the
	 * replay buffers reach: compare with what a client received.
	 */
	public List<SimulatorLog.Dispatch> dispatched(Integer shard) {
		List<SimulatorLog.Dispatch> out = new ArrayList<>();
		for (Session s : targetSessions(shard)) {
			out.addAll(s.buffered());
		}
		return out;
	}

	/**
	 * A small summary for long runs (the full {@link #log()} copies every connection's record): counts of
	 * identifies, resumes by outcome, dispatches by type, the violations, per live session its shard, shard count
	 * and last sequence number, and the {@link #connectedLayouts() layouts connected}.
	 */
	public Map<String, Object> summary() {
		Map<String, Long> resumeOutcomes = new TreeMap<>();
		for (SimulatorLog.Resume r : this.resumes) {
			resumeOutcomes.merge(String.valueOf(r.outcome()), 1L, Long::sum);
		}
		List<Object> live = new ArrayList<>();
		for (Session s : targetSessions(null)) {
			live.add(obj("id", s.id, "shard", s.shardId, "shards", s.shardCount, "seq", s.sequence()));
		}
		return obj("identifies", this.identifies.size(), "resumes", resumeOutcomes, "dispatched", dispatchedCounts(),
				"violations", List.copyOf(this.violations), "connections", this.connectionIds.get(), "sessions", live,
				"layouts", connectedLayouts());
	}

	/** The last sequence number of the live session(s) of {@code shard} (the highest when several). */
	public long lastSequence(int shard) {
		long max = 0;
		for (Session s : targetSessions(shard)) {
			max = Math.max(max, s.sequence());
		}
		return max;
	}

	/** Ids of the live sessions. */
	public List<String> sessionIds() {
		List<String> out = new ArrayList<>();
		for (Session s : targetSessions(null)) {
			out.add(s.id);
		}
		return out;
	}

	/** Guild ids of the synthetic world, in index order. */
	public List<String> guildIds() {
		List<String> out = new ArrayList<>();
		for (SyntheticWorld.Guild g : this.world.guilds) {
			out.add(Long.toString(g.id()));
		}
		return out;
	}

	/** Text channel ids of guild {@code guildIndex}. */
	public List<String> textChannelIds(int guildIndex) {
		List<String> out = new ArrayList<>();
		for (SyntheticWorld.Channel c : this.world.guilds.get(guildIndex).channels()) {
			if (c.type() == 0) {
				out.add(Long.toString(c.id()));
			}
		}
		return out;
	}

	/** The bot user's id. */
	public String botUserId() {
		return Long.toString(this.world.botId);
	}

	/** The shard owning {@code guildId} for {@code shardCount} shards: {@code (id >> 22) % shardCount}. */
	public static int shardFor(String guildId, int shardCount) {
		return SyntheticWorld.shardOf(Long.parseUnsignedLong(guildId), shardCount);
	}

	/**
	 * Makes the next {@code calls} calls to {@code GET /gateway/bot} answer {@code status} (401, 429 with
	 * {@code retry_after}, 500...).
	 */
	public void failGatewayBot(int status, int calls, Duration retryAfter) {
		this.rest.failGatewayBot(status, calls, retryAfter);
	}

	// ---- interactions --------------------------------------------------------------------------------------

	/**
	 * A user runs the slash command {@code /name} in the first text channel of the first guild.
	 * @param name the command name
	 * @param options the options given, by name ({@code String}, {@code Long}, {@code Boolean}... values)
	 * @return the interaction, not delivered yet
	 */
	public SimulatedInteraction slashCommand(String name, Map<String, Object> options) {
		List<Object> opts = new ArrayList<>();
		options.forEach((k, v) -> opts.add(obj("name", k, "type", optionType(v), "value", v)));
		return this.interactionDesk.create(2, obj("id", Long.toString(this.world.applicationId + 1), "name", name,
				"type", 1, "options", opts), null);
	}

	/**
	 * A user runs the slash command {@code /name} without options.
	 * @param name the command name
	 * @return the interaction, not delivered yet
	 */
	public SimulatedInteraction slashCommand(String name) {
		return slashCommand(name, Map.of());
	}

	/**
	 * A user clicks the button {@code customId} on a message of the bot.
	 * @param customId the button's custom id
	 * @return the interaction, not delivered yet
	 */
	public SimulatedInteraction buttonClick(String customId) {
		return this.interactionDesk.create(3, obj("custom_id", customId, "component_type", 2),
				this.interactionDesk.messageWithButton(customId));
	}

	/**
	 * A user submits the modal {@code customId} with text inputs.
	 * @param customId the modal's custom id
	 * @param fields the text inputs' values, by custom id
	 * @return the interaction, not delivered yet
	 */
	public SimulatedInteraction modalSubmit(String customId, Map<String, String> fields) {
		List<Object> rows = new ArrayList<>();
		fields.forEach((k, v) -> rows.add(obj("type", 1, "components", List.of(obj("type", 4, "custom_id", k, "value", v)))));
		return this.interactionDesk.create(5, obj("custom_id", customId, "components", rows), null);
	}

	/**
	 * A user types into the autocompleted option {@code option} of {@code /command}.
	 * @param command the command name
	 * @param option the focused option
	 * @param typed what the user typed so far
	 * @return the interaction, not delivered yet
	 */
	public SimulatedInteraction autocomplete(String command, String option, String typed) {
		return this.interactionDesk.create(4, obj("id", Long.toString(this.world.applicationId + 1), "name", command,
				"type", 1, "options", List.of(obj("name", option, "type", 3, "value", typed, "focused", true))), null);
	}

	/**
	 * Discord's PING to an interactions endpoint (sent when the URL is saved in the Developer Portal, and now and
	 * then after). HTTP only: the answer must be {@code {"type":1}}.
	 * @return the interaction, not delivered yet
	 */
	public SimulatedInteraction ping() {
		return this.interactionDesk.create(1, null, null);
	}

	private static int optionType(Object value) {
		if (value instanceof Boolean) {
			return 5;
		}
		if (value instanceof Integer || value instanceof Long) {
			return 4;
		}
		return (value instanceof Number) ? 10 : 3;
	}

	/**
	 * Delivers an interaction over the gateway, as {@code INTERACTION_CREATE} to the session that owns its guild
	 * (of every layout connected), as Discord does for an app without an interactions endpoint URL.
	 * @param interaction the interaction
	 * @return the sequence numbers used, one per receiving session
	 */
	public List<Long> dispatchInteraction(SimulatedInteraction interaction) {
		return (interaction.guildId() != null) ? dispatchToGuild("INTERACTION_CREATE", interaction.guildId(), interaction.json())
				: dispatchDirect("INTERACTION_CREATE", interaction.json());
	}

	/**
	 * Delivers an interaction to a bot's interactions endpoint, as Discord does for an app with an interactions
	 * endpoint URL: a POST signed with this simulator's Ed25519 key ({@link #interactionPublicKey()}). The response,
	 * when it is a 200 in time, is recorded as the interaction's first answer ({@link #interactionCallbacks()}, via
	 * {@code http}). Discord waits 3 seconds from the interaction's creation; so does this call, and a bot that
	 * does not answer by then is recorded as a violation.
	 * @param url the endpoint, e.g. {@code http://127.0.0.1:8080/discord/interactions}
	 * @param interaction the interaction
	 * @param signing how to sign it (anything but {@code VALID} must be refused with 401)
	 * @return completes with what the endpoint answered
	 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding#receiving-an-interaction">Receiving
	 * an Interaction</a>
	 */
	public CompletableFuture<HttpInteractionResponse> postInteraction(String url, SimulatedInteraction interaction,
			SimulatedInteraction.Signing signing) {
		return this.interactionDesk.post(url, interaction, signing);
	}

	/**
	 * {@link #postInteraction(String, SimulatedInteraction, SimulatedInteraction.Signing)}, correctly signed, waiting
	 * for the answer.
	 * @param url the endpoint
	 * @param interaction the interaction
	 * @return what the endpoint answered
	 */
	public HttpInteractionResponse postInteraction(String url, SimulatedInteraction interaction) {
		return postInteraction(url, interaction, SimulatedInteraction.Signing.VALID).join();
	}

	/**
	 * The public key that checks this simulator's interaction signatures: 32 bytes in hex, the form the Developer
	 * Portal shows (give it to the bot as {@code discord.interactions.public-key}).
	 * @return the hex key
	 */
	public String interactionPublicKey() {
		return this.interactionDesk.publicKeyHex();
	}

	/**
	 * The public key of a simulator built with {@link Builder#interactionKeySeed(byte[]) interactionKeySeed(seed)},
	 * known before it starts.
	 * @param seed the 32-byte seed
	 * @return the public key in hex
	 */
	public static String interactionPublicKey(byte[] seed) {
		return InteractionDesk.publicKeyHex(InteractionDesk.keyPair(seed));
	}

	/**
	 * Calls {@code listener} with every first answer recorded from now on (callback route or HTTP response), on the
	 * simulator's background thread: a demo or test can react to the bot's answers without polling.
	 * @param listener the listener
	 */
	public void onInteractionAnswer(Consumer<SimulatorLog.InteractionCallback> listener) {
		this.answerListeners.add(listener);
	}

	void recordAnswer(SimulatorLog.InteractionCallback answer) {
		this.interactionCallbacks.add(answer);
		for (Consumer<SimulatorLog.InteractionCallback> listener : this.answerListeners) {
			this.background.execute(() -> listener.accept(answer));
		}
	}

	/**
	 * Holds back every answer of {@code POST /interactions/{id}/{token}/callback} by {@code delay} (a slow Discord).
	 * @param delay the delay ({@code Duration.ZERO} to stop)
	 */
	public void delayInteractionCallbacks(Duration delay) {
		this.interactionDesk.callbacks.delay(delay);
	}

	/**
	 * Makes the next {@code calls} interaction callbacks answer {@code status} (429 with {@code retry_after}, 500...)
	 * without taking the answer.
	 */
	public void failInteractionCallbacks(int status, int calls, Duration retryAfter) {
		this.interactionDesk.callbacks.fail(status, calls, retryAfter);
	}

	/**
	 * Holds back every answer of the interaction webhook routes (follow-ups and edits) by {@code delay}.
	 * @param delay the delay ({@code Duration.ZERO} to stop)
	 */
	public void delayWebhooks(Duration delay) {
		this.interactionDesk.webhooks.delay(delay);
	}

	/** Makes the next {@code calls} interaction webhook calls answer {@code status} (429 with {@code retry_after}, 500...). */
	public void failWebhooks(int status, int calls, Duration retryAfter) {
		this.interactionDesk.webhooks.fail(status, calls, retryAfter);
	}

	ExecutorService background() {
		return this.background;
	}

	// ---- configuration ---------------------------------------------------------------------------------------

	static final class Config {

		/** 32 bytes from which the interaction signing key is derived, or {@code null} for a random key. */
		byte[] interactionKeySeed;

		String token = "test-token";

		Duration heartbeatInterval = Duration.ofMillis(41250);

		Duration heartbeatGrace = Duration.ofSeconds(5);

		boolean heartbeatDeadline = true;

		int heartbeatTimeoutCloseCode = 4009;

		Duration identifyWindow = Duration.ofSeconds(5);

		int maxConcurrency = 1;

		/** Written by {@link GatewaySimulator#recommendedShards(int)} at run time, read by REST threads. */
		volatile int recommendedShards = 1;

		int sessionStartTotal = 1000;

		int sessionStartRemaining = 1000;

		Duration sessionStartResetAfter = Duration.ofHours(24);

		Duration sessionExpiry = Duration.ofMinutes(3);

		int guilds = 10;

		int membersPerGuild = 25;

		Map<Integer, Integer> memberOverrides = new HashMap<>();

		long seed = 42;

		long allowedIntents = ALL_INTENTS;

		boolean privilegedIntentsAllowed = true;

		int maxGuildsPerShard = 2500;

		int port;

		int payloadLimit = 120;

		Duration payloadWindow = Duration.ofSeconds(60);

		int replayCapacity = 10_000;

		int flushEvery = 64;

		int zlibLevel = java.util.zip.Deflater.DEFAULT_COMPRESSION;

		int distinctPayloads = 256;

		int logCapacity = 10_000;

		int connectionLogCapacity = 10_000;

		Duration memberRequestWindow = Duration.ofSeconds(30);

		Duration reconnectCloseAfter = Duration.ofSeconds(5);

	}

	/** Builds a {@link GatewaySimulator}. Defaults are Discord's. */
	public static final class Builder {

		private final Config config = new Config();

		private Builder() {
		}

		/** The only valid bot token; others get 401 on REST and close 4004 on the gateway. */
		public Builder token(String token) {
			this.config.token = Objects.requireNonNull(token);
			return this;
		}

		/** The Hello {@code heartbeat_interval} (default 41250 ms). */
		public Builder heartbeatInterval(Duration interval) {
			this.config.heartbeatInterval = interval;
			return this;
		}

		/** Extra time after the interval before a silent client is closed (default 5 s). */
		public Builder heartbeatGrace(Duration grace) {
			this.config.heartbeatGrace = grace;
			return this;
		}

		/** Whether a client that does not heartbeat within interval + grace is closed (default true). */
		public Builder heartbeatDeadline(boolean enabled) {
			this.config.heartbeatDeadline = enabled;
			return this;
		}

		/** Close code used for a missed heartbeat deadline (default 4009; the session stays resumable). */
		public Builder heartbeatTimeoutCloseCode(int code) {
			this.config.heartbeatTimeoutCloseCode = code;
			return this;
		}

		/** The {@code max_concurrency} window (default 5 s). */
		public Builder identifyWindow(Duration window) {
			this.config.identifyWindow = window;
			return this;
		}

		public Builder maxConcurrency(int maxConcurrency) {
			this.config.maxConcurrency = Math.max(1, maxConcurrency);
			return this;
		}

		/** The {@code shards} answered by {@code GET /gateway/bot}. */
		public Builder recommendedShards(int shards) {
			this.config.recommendedShards = shards;
			return this;
		}

		public Builder sessionStartLimit(int total, int remaining, Duration resetAfter) {
			this.config.sessionStartTotal = total;
			this.config.sessionStartRemaining = remaining;
			this.config.sessionStartResetAfter = resetAfter;
			return this;
		}

		/** How long a disconnected session stays resumable (default 3 min). */
		public Builder sessionExpiry(Duration expiry) {
			this.config.sessionExpiry = expiry;
			return this;
		}

		public Builder guilds(int count) {
			this.config.guilds = count;
			return this;
		}

		/** Members per guild (default 25). */
		public Builder membersPerGuild(int members) {
			this.config.membersPerGuild = members;
			return this;
		}

		/** Member count of guild {@code guildIndex} (e.g. 3,500 for a multi-chunk op 8). */
		public Builder guildMembers(int guildIndex, int members) {
			this.config.memberOverrides.put(guildIndex, members);
			return this;
		}

		public Builder seed(long seed) {
			this.config.seed = seed;
			return this;
		}

		/** Intent bits accepted at all (default {@link #ALL_INTENTS}); other bits get 4013. */
		public Builder allowedIntents(long intents) {
			this.config.allowedIntents = intents;
			return this;
		}

		/** Whether privileged intents are enabled for the app (default true); if not, they get 4014. */
		public Builder privilegedIntentsAllowed(boolean allowed) {
			this.config.privilegedIntentsAllowed = allowed;
			return this;
		}

		/** Guilds one shard may hold before 4011 (default 2500). */
		public Builder maxGuildsPerShard(int max) {
			this.config.maxGuildsPerShard = max;
			return this;
		}

		/** Port of the discovery gateway and REST (0 = ephemeral, the default). */
		public Builder port(int port) {
			this.config.port = port;
			return this;
		}

		/** Client payloads allowed per window before 4008 (default 120 per 60 s). */
		public Builder payloadLimit(int payloads, Duration window) {
			this.config.payloadLimit = payloads;
			this.config.payloadWindow = window;
			return this;
		}

		/** Dispatches kept per session for replay (default 10,000). */
		public Builder replayCapacity(int capacity) {
			this.config.replayCapacity = capacity;
			return this;
		}

		/**
		 * Connections kept in the record (default 10,000); past it the oldest closed ones are forgotten, so a
		 * long-running simulator stays bounded. Open connections are always kept.
		 */
		public Builder connectionLogCapacity(int connections) {
			this.config.connectionLogCapacity = Math.max(1, connections);
			return this;
		}

		/** Frames written between flushes on the fast dispatch path (default 64). */
		public Builder flushEvery(int frames) {
			this.config.flushEvery = Math.max(1, frames);
			return this;
		}

		/**
		 * Deflate level of {@code zlib-stream} (default {@link java.util.zip.Deflater#DEFAULT_COMPRESSION}); a
		 * benchmark that must not be limited by the simulator's compression uses
		 * {@link java.util.zip.Deflater#BEST_SPEED}.
		 */
		public Builder zlibLevel(int level) {
			if (level < -1 || level > 9) {
				throw new IllegalArgumentException("zlib level must be -1 to 9");
			}
			this.config.zlibLevel = level;
			return this;
		}

		/** Window of the all-members op 8 rate limit (default 30 s). */
		public Builder memberRequestWindow(Duration window) {
			this.config.memberRequestWindow = window;
			return this;
		}

		/** How long after op 7 the simulator closes a socket the client kept open (default 5 s). */
		public Builder reconnectCloseAfter(Duration delay) {
			this.config.reconnectCloseAfter = delay;
			return this;
		}

		/**
		 * Derive the Ed25519 key pair that signs interactions from a 32-byte seed (the private key), so that its
		 * public key is known before the simulator starts ({@link GatewaySimulator#interactionPublicKey(byte[])}),
		 * e.g. to put it in an application's properties. By default each simulator has a random key pair.
		 * @param seed 32 bytes; a test key, never a real application's
		 * @return this
		 */
		public Builder interactionKeySeed(byte[] seed) {
			if (seed.length != 32) {
				throw new IllegalArgumentException("An Ed25519 seed is 32 bytes");
			}
			this.config.interactionKeySeed = seed.clone();
			return this;
		}

		public GatewaySimulator build() {
			return new GatewaySimulator(this.config);
		}

	}

}
