/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One gateway WebSocket connection: the server side of the protocol state machine. Every method that touches
 * state runs on the channel's event loop; calls from other threads hop onto it.
 */
final class GatewayConnection {

	private static final Logger logger = LoggerFactory.getLogger(GatewayConnection.class);

	static final String HEARTBEAT_ACK = Opcode.HEARTBEAT_ACK.message("null");

	static final String HEARTBEAT_REQUEST = Opcode.HEARTBEAT.message("null");

	static final String RECONNECT = Opcode.RECONNECT.message("null");

	/** Op 9 with {@code d=false}: the session cannot be resumed. */
	private static final String INVALID_SESSION = Opcode.INVALID_SESSION.message("false");

	static final int MAX_PAYLOAD = 4096;

	final GatewaySimulator sim;

	final int id;

	final Channel channel;

	final WebsocketOutbound out;

	final int port;

	final boolean resumePort;

	final String url;

	final String query;

	final String compress;

	final Instant openedAt = Instant.now();

	private final OutboundCodec codec;

	// ---- state (event loop only) ----

	private Session session;

	private boolean authenticated;

	private boolean closed;

	private volatile boolean open = true;

	private final ArrayDeque<Long> payloadTimes = new ArrayDeque<>();

	private ScheduledFuture<?> heartbeatDeadline;

	private boolean heartbeatRequested;

	private int unflushed;

	private final byte[] digits = new byte[20];

	private Runnable onWritable;

	/** The replay writing to this connection, or null. */
	private ReplayJob replay;

	/** What was to be written while a replay runs, in order (see {@link #holdBack}). */
	private final ArrayDeque<HeldWrite> held = new ArrayDeque<>();

	/**
	 * Replayed zlib-stream frames went out after the codec's last message: the client's inflater has them in its
	 * window and the codec does not, so the codec must forget its history before it compresses again.
	 */
	private boolean liveHistoryStale;

	/**
	 * Dispatches sequenced off the event loop, in sequence order (added under the session lock); written before
	 * any dispatch sequenced later, so that wire order always equals sequence order.
	 */
	private final ConcurrentLinkedQueue<PendingDispatch> offLoop = new ConcurrentLinkedQueue<>();

	/** How many dispatches wait in {@link #offLoop} (its size() would walk the queue). */
	private final AtomicInteger offLoopPending = new AtomicInteger();

	// ---- record ----

	private final List<SimulatorLog.Heartbeat> heartbeats = Collections.synchronizedList(new ArrayList<>());

	private final ArrayDeque<SimulatorLog.Command> commands = new ArrayDeque<>();

	private final List<SimulatorLog.Violation> violations = Collections.synchronizedList(new ArrayList<>());

	private volatile SimulatorLog.Identify identify;

	private volatile SimulatorLog.Resume resume;

	private volatile SimulatorLog.Close close;

	private volatile Integer loggedShard;

	private volatile String loggedSession;

	final AtomicLong framesSent = new AtomicLong();

	GatewayConnection(GatewaySimulator sim, int id, Channel channel, WebsocketOutbound out, int port,
			boolean resumePort, String url, String query, String compress) {
		this.sim = sim;
		this.id = id;
		this.channel = channel;
		this.out = out;
		this.port = port;
		this.resumePort = resumePort;
		this.url = url;
		this.query = query;
		this.compress = compress;
		this.codec = OutboundCodec.create(compress, sim.config.zlibLevel);
		channel.pipeline().addFirst("shardSimWritability", new ChannelInboundHandlerAdapter() {
			@Override
			public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
				Runnable r = GatewayConnection.this.onWritable;
				if (r != null && ctx.channel().isWritable()) {
					GatewayConnection.this.onWritable = null;
					r.run();
				}
				super.channelWritabilityChanged(ctx);
			}
		});
	}

	boolean isOpen() {
		return this.open;
	}

	Session session() {
		return this.session;
	}

	Integer shardId() {
		return this.loggedShard;
	}

	void execute(Runnable task) {
		if (this.channel.eventLoop().inEventLoop()) {
			task.run();
		}
		else {
			this.channel.eventLoop().execute(task);
		}
	}

	/** Runs {@code r} on the event loop once the channel is writable again. */
	void whenWritable(Runnable r) {
		execute(() -> {
			if (this.channel.isWritable() || !this.channel.isActive()) {
				this.channel.eventLoop().execute(r);
			}
			else {
				this.onWritable = r;
			}
		});
	}

	// ---- outbound ----------------------------------------------------------------------------------------

	/**
	 * Called under the session lock. On the loop it writes inline, after any dispatch sequenced earlier from
	 * another thread; off the loop it queues in sequence order. (A plain task per off-loop dispatch let a
	 * dispatch job on the loop write later sequence numbers first.)
	 */
	void sendDispatch(DispatchTemplate t, long s, boolean flush) {
		if (this.channel.eventLoop().inEventLoop()) {
			writeOffLoopDispatches();
			writeDispatch(t, s, flush);
		}
		else {
			this.offLoopPending.incrementAndGet();
			this.offLoop.add(new PendingDispatch(t, s));
			this.channel.eventLoop().execute(() -> {
				if (writeOffLoopDispatches()) {
					flush();
				}
			});
		}
	}

	/** Event loop only: writes the dispatches queued from other threads; whether there were any. */
	boolean writeOffLoopDispatches() {
		boolean any = false;
		PendingDispatch p;
		while ((p = this.offLoop.poll()) != null) {
			this.offLoopPending.decrementAndGet();
			writeDispatch(p.template, p.seq, false);
			any = true;
		}
		return any;
	}

	/** Dispatches handed over from other threads that the event loop has not written yet. */
	int pendingOffLoop() {
		return this.offLoopPending.get();
	}

	private record PendingDispatch(DispatchTemplate template, long seq) {
	}

	private void writeDispatch(DispatchTemplate t, long s, boolean flush) {
		if (holdBack(true, () -> writeDispatch(t, s, flush))) {
			return;
		}
		if (this.closed) {
			return;
		}
		if (this.codec == null) {
			int len = t.encodedLength(s);
			ByteBuf buf = this.channel.alloc().buffer(len);
			buf.writeBytes(t.prefix);
			int n = DispatchTemplate.digits(s);
			long v = s;
			for (int i = n - 1; i >= 0; i--) {
				this.digits[i] = (byte) ('0' + (v % 10));
				v /= 10;
			}
			buf.writeBytes(this.digits, 0, n);
			buf.writeBytes(t.suffix);
			this.channel.write(new TextWebSocketFrame(buf), this.channel.voidPromise());
		}
		else {
			byte[] raw = t.encode(s);
			this.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(compress(raw))),
					this.channel.voidPromise());
		}
		this.framesSent.incrementAndGet();
		if (flush || ++this.unflushed >= this.sim.config.flushEvery) {
			flush();
		}
	}

	void flush() {
		this.unflushed = 0;
		this.channel.flush();
	}

	/** Compresses one whole message with the connection's codec. */
	private byte[] compress(byte[] raw) {
		if (this.liveHistoryStale) {
			// Without this the client decodes garbage: the codec's back-references count distances in the
			// stream it compressed, and the client's window has the replayed messages in between. A recording
			// never refers to what came before it, so the reset is only needed here, after a replay's frames.
			((OutboundCodec.Zlib) this.codec).reset();
			this.liveHistoryStale = false;
		}
		return this.codec.compress(raw, raw.length);
	}

	/** Sends one whole gateway message (JSON text), compressed when the connection asked for it. */
	void sendText(String json) {
		sendTexts(List.of(json));
	}

	/** Sends whole gateway messages back to back, in one task on the loop: nothing else is written between them. */
	void sendTexts(List<String> messages) {
		execute(() -> writeTexts(messages));
	}

	private void writeTexts(List<String> messages) {
		if (holdBack(false, () -> writeTexts(messages)) || this.closed) {
			return;
		}
		for (String json : messages) {
			byte[] raw = json.getBytes(StandardCharsets.UTF_8);
			if (this.codec == null) {
				this.channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(raw)), this.channel.voidPromise());
			}
			else {
				this.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(compress(raw))),
						this.channel.voidPromise());
			}
			this.framesSent.incrementAndGet();
		}
		flush();
	}

	/** Sends exactly these bytes as one binary frame, bypassing the codec (for broken-frame scenarios). */
	void sendBinaryFrame(byte[] bytes) {
		execute(() -> {
			if (holdBack(false, () -> sendBinaryFrame(bytes))) {
				return;
			}
			if (!this.closed) {
				this.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
			}
		});
	}

	/**
	 * Sends one gateway message through the codec but split over {@code parts} WebSocket frames (a first
	 * frame with FIN unset, then continuation frames).
	 */
	void sendFragmented(String json, int parts) {
		execute(() -> {
			// a dispatch (with its sequence number): after a running replay
			if (holdBack(true, () -> sendFragmented(json, parts)) || this.closed) {
				return;
			}
			writeOffLoopDispatches();
			byte[] raw = json.getBytes(StandardCharsets.UTF_8);
			byte[] payload = (this.codec != null) ? compress(raw) : raw;
			int n = Math.max(1, Math.min(parts, payload.length));
			int size = (payload.length + n - 1) / n;
			int offset = 0;
			boolean first = true;
			while (offset < payload.length) {
				int len = Math.min(size, payload.length - offset);
				boolean last = offset + len >= payload.length;
				ByteBuf part = Unpooled.copiedBuffer(payload, offset, len);
				WebSocketFrame frame;
				if (first) {
					frame = (this.codec != null) ? new BinaryWebSocketFrame(last, 0, part)
							: new TextWebSocketFrame(last, 0, part);
				}
				else {
					frame = new ContinuationWebSocketFrame(last, 0, part);
				}
				this.channel.write(frame);
				first = false;
				offset += len;
			}
			this.framesSent.incrementAndGet();
			flush();
		});
	}

	/** Compresses {@code json} through the connection's codec and sends only the first half of the result. */
	void sendTruncated(String json) {
		execute(() -> {
			if (holdBack(false, () -> sendTruncated(json)) || this.closed) {
				return;
			}
			byte[] raw = json.getBytes(StandardCharsets.UTF_8);
			byte[] payload = (this.codec != null) ? compress(raw) : raw;
			byte[] half = java.util.Arrays.copyOf(payload, Math.max(1, payload.length / 2));
			this.channel.writeAndFlush((this.codec != null) ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(half))
					: new TextWebSocketFrame(Unpooled.wrappedBuffer(half)));
		});
	}

	// ---- replay (see ReplayJob) -------------------------------------------------------------------------------

	/**
	 * Event loop only: while a replay runs, queues {@code write} (to run again later) and returns true. A
	 * {@code sequenced} write (a dispatch: its sequence number follows the recording's) waits for the end of the
	 * replay; the others go out at the next point where the replayed stream allows it, unless a sequenced one is
	 * queued before them (the order of what waits is kept).
	 */
	private boolean holdBack(boolean sequenced, Runnable write) {
		if (this.replay == null) {
			return false;
		}
		this.held.addLast(new HeldWrite(write, sequenced));
		return true;
	}

	private record HeldWrite(Runnable write, boolean sequenced) {
	}

	/**
	 * Event loop only: the checks that need the connection's state, then, under the session lock (nothing can be
	 * sequenced meanwhile), writes what was sequenced before, takes the recording's sequence numbers and binds
	 * {@code job}.
	 */
	void beginReplay(ReplayJob job, Session s, DispatchRecording recording) {
		if (this.closed || !this.open) {
			throw new IllegalStateException("connection " + this.id + " is closed");
		}
		if (this.replay != null) {
			throw new IllegalStateException("a replay is already running on connection " + this.id);
		}
		if (!recording.compress.equals(this.compress)) {
			throw new IllegalStateException("the recording is for compress=" + recording.compress + " but connection "
					+ this.id + " uses compress=" + this.compress);
		}
		if (this.codec instanceof OutboundCodec.Zlib zlib && !zlib.headerSent()) {
			// the recording is raw deflate: the stream's zlib header must come first (it goes out with HELLO)
			throw new IllegalStateException("connection " + this.id + " has not sent its zlib header yet");
		}
		if (s.shardId != recording.shardId || s.shardCount != recording.shardCount) {
			throw new IllegalStateException("the recording is for shard [" + recording.shardId + ", "
					+ recording.shardCount + "] but session " + s.id + " is [" + s.shardId + ", " + s.shardCount + "]");
		}
		synchronized (s) {
			if (s.connection() != this || this.session != s) {
				throw new IllegalStateException("session " + s.id + " is not bound to connection " + this.id);
			}
			writeOffLoopDispatches();
			s.reserveForReplay(recording.firstSequence, recording.count);
			this.replay = job;
		}
		flush();
	}

	/** Event loop only: writes whole replayed frames. */
	void writeReplayed(ByteBuf frames, int count) {
		this.channel.write(frames, this.channel.voidPromise());
		this.framesSent.addAndGet(count);
		if (this.codec != null) {
			this.liveHistoryStale = true;
		}
	}

	/** Whether a write that may go out during the replay (not sequenced) waits. */
	boolean heldWaiting() {
		HeldWrite first = this.held.peekFirst();
		return first != null && !first.sequenced;
	}

	/** Event loop only, at a point of the replayed stream where live messages may go in: lets out what may. */
	void releaseHeld() {
		ReplayJob job = this.replay;
		// the writes run with no replay bound, so that they write rather than queue again
		this.replay = null;
		try {
			while (heldWaiting()) {
				this.held.pollFirst().write.run();
			}
		}
		finally {
			this.replay = job;
		}
	}

	/** Event loop only: unbinds {@code job} and writes everything that waited for it. */
	void endReplay(ReplayJob job) {
		if (this.replay != job) {
			return;
		}
		this.replay = null;
		HeldWrite w;
		while (this.replay == null && (w = this.held.pollFirst()) != null) {
			w.write.run();
		}
		flush();
	}

	boolean closed() {
		return this.closed || !this.open;
	}

	void closeByServer(int code, String reason) {
		if (!WebSocketCloseStatus.isValidStatusCode(code)) {
			// 1005, 1006, 1015 and the like are never sent in a close frame (RFC 6455 7.4.1): 1006 means "ended
			// without a close frame", so that is what the client gets (Netty would refuse the frame and leave the
			// socket open and silent)
			dropConnection(code, reason + " (code " + code + " cannot be sent; dropped)");
			return;
		}
		execute(() -> {
			if (this.closed) {
				return;
			}
			this.close = new SimulatorLog.Close(Instant.now(), code, reason, "server");
			flush();
			this.closed = true;
			this.out.sendClose(code, reason).subscribe(null, (ex) -> this.channel.close());
			// a client that never answers the close frame must not keep the socket forever
			this.channel.eventLoop().schedule(() -> {
				if (this.channel.isActive()) {
					this.channel.close();
				}
			}, 5, TimeUnit.SECONDS);
		});
	}

	/** Drops the TCP connection abruptly: no close frame, and a RST rather than a FIN. */
	void drop() {
		dropConnection(null, "dropped by simulator");
	}

	private void dropConnection(Integer code, String reason) {
		execute(() -> {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.close = new SimulatorLog.Close(Instant.now(), code, reason, "server-drop");
			try {
				this.channel.config().setOption(ChannelOption.SO_LINGER, 0);
			}
			catch (RuntimeException ex) {
				// not supported by this transport: a plain close still sends no close frame
			}
			this.channel.close();
		});
	}

	// ---- lifecycle -----------------------------------------------------------------------------------------

	void start(boolean reconnectInsteadOfHello) {
		execute(() -> {
			if (reconnectInsteadOfHello) {
				sendText(RECONNECT);
				return;
			}
			sendText(Opcode.HELLO.message("{\"heartbeat_interval\":" + this.sim.config.heartbeatInterval.toMillis()
					+ ",\"_trace\":[\"[\\\"gateway-sim\\\",{\\\"micros\\\":0.0}]\"]}"));
			armHeartbeatDeadline();
		});
	}

	private void armHeartbeatDeadline() {
		if (this.heartbeatDeadline != null) {
			this.heartbeatDeadline.cancel(false);
		}
		if (!this.sim.config.heartbeatDeadline || this.closed) {
			return;
		}
		long ms = this.sim.config.heartbeatInterval.toMillis() + this.sim.config.heartbeatGrace.toMillis();
		this.heartbeatDeadline = this.channel.eventLoop().schedule(() -> {
			if (!this.closed) {
				violation("heartbeat deadline", "no heartbeat within " + ms + " ms");
				closeByServer(this.sim.config.heartbeatTimeoutCloseCode, "Heartbeat timed out");
			}
		}, ms, TimeUnit.MILLISECONDS);
	}

	void onClientClose(int code, String reason) {
		execute(() -> {
			if (this.close == null) {
				this.close = new SimulatorLog.Close(Instant.now(), code, reason, "client");
			}
			if (this.session != null && (code == 1000 || code == 1001) && "client".equals(this.close.by())) {
				// a client close with 1000/1001 ends the session for good
				this.session.destroy();
				this.sim.sessions.remove(this.session.id);
			}
		});
	}

	void onDisposed() {
		execute(() -> {
			this.open = false;
			this.closed = true;
			if (this.close == null) {
				this.close = new SimulatorLog.Close(Instant.now(), null, "connection lost without close frame", "drop");
			}
			if (this.heartbeatDeadline != null) {
				this.heartbeatDeadline.cancel(false);
			}
			if (this.replay != null) {
				// a replay waiting for writability would wait for ever: let it see the connection is gone
				this.channel.eventLoop().execute(this.replay);
			}
			Runnable waiting = this.onWritable;
			if (waiting != null) {
				// the same for a dispatch job: a closed channel never becomes writable again (its writability
				// event, if any, finds it not writable), and the job goes on into the session's buffer
				this.onWritable = null;
				this.channel.eventLoop().execute(waiting);
			}
			if (this.session != null) {
				this.session.detach(this, this.sim.config.sessionExpiry.toNanos());
			}
			if (this.codec != null) {
				this.codec.close();
			}
		});
	}

	// ---- inbound -------------------------------------------------------------------------------------------

	void onFrame(WebSocketFrame frame) {
		if (this.closed) {
			return;
		}
		ByteBuf content = frame.content();
		int size = content.readableBytes();
		byte[] bytes = new byte[Math.min(size, 8192)];
		content.getBytes(content.readerIndex(), bytes);
		Instant now = Instant.now();
		if (size > MAX_PAYLOAD) {
			record(now, -1, "<" + size + " bytes>");
			violation("4002", "payload of " + size + " bytes exceeds " + MAX_PAYLOAD);
			closeByServer(4002, "Payload too large");
			return;
		}
		if (!rateAllows(System.nanoTime())) {
			record(now, -1, "<rate limited>");
			violation("4008", "more than " + this.sim.config.payloadLimit + " payloads in "
					+ this.sim.config.payloadWindow.toMillis() + " ms");
			closeByServer(4008, "Rate limited.");
			return;
		}
		JsonNode node;
		try {
			node = this.sim.json.readTree(bytes);
		}
		catch (RuntimeException ex) {
			record(now, -1, truncate(new String(bytes, StandardCharsets.UTF_8)));
			violation("4002", "payload is not valid JSON");
			closeByServer(4002, "Error while decoding payload.");
			return;
		}
		if (node == null || !node.isObject()) {
			record(now, -1, truncate(new String(bytes, StandardCharsets.UTF_8)));
			violation("4002", "payload is not a JSON object");
			closeByServer(4002, "Error while decoding payload.");
			return;
		}
		JsonNode opNode = node.get("op");
		JsonNode d = node.get("d");
		int op = (opNode != null && opNode.isIntegralNumber()) ? opNode.intValue() : -1;
		Opcode opcode = Opcode.of(op);
		record(now, op, maskedD(opcode, d));
		try {
			handle(now, op, opcode, d);
		}
		catch (RuntimeException ex) {
			logger.warn("Simulator failed to handle op {} on connection {}", op, this.id, ex);
			violation("4001", "invalid payload for op " + op + ": " + ex.getMessage());
			closeByServer(4001, "Invalid payload.");
		}
	}

	private boolean rateAllows(long nanos) {
		long window = this.sim.config.payloadWindow.toNanos();
		while (!this.payloadTimes.isEmpty() && nanos - this.payloadTimes.peekFirst() >= window) {
			this.payloadTimes.pollFirst();
		}
		this.payloadTimes.addLast(nanos);
		return this.payloadTimes.size() <= this.sim.config.payloadLimit;
	}

	private void handle(Instant now, int op, Opcode opcode, JsonNode d) {
		if (opcode == null) {
			unknownOpcode(op);
			return;
		}
		switch (opcode) {
			case HEARTBEAT -> onHeartbeat(now, d);
			case IDENTIFY -> onIdentify(now, d);
			case RESUME -> onResume(now, d);
			case PRESENCE_UPDATE, VOICE_STATE_UPDATE, REQUEST_GUILD_MEMBERS, REQUEST_SOUNDBOARD_SOUNDS,
					REQUEST_CHANNEL_INFO -> {
				if (!this.authenticated) {
					violation("4003", "op " + op + " before IDENTIFY/RESUME");
					closeByServer(4003, "Not authenticated.");
					return;
				}
				this.sim.commands.handle(this, opcode, d);
			}
			// only the gateway sends the others
			default -> unknownOpcode(op);
		}
	}

	private void unknownOpcode(int op) {
		violation("4001", "unknown opcode " + op);
		closeByServer(4001, "Unknown opcode.");
	}

	private void onHeartbeat(Instant now, JsonNode d) {
		Long seq = (d != null && d.isIntegralNumber()) ? d.longValue() : null;
		boolean ack = !this.sim.zombie;
		synchronized (this.heartbeats) {
			this.heartbeats.add(new SimulatorLog.Heartbeat(now, seq, ack, this.heartbeatRequested));
			if (this.heartbeats.size() > this.sim.config.logCapacity) {
				this.heartbeats.remove(0);
			}
		}
		this.heartbeatRequested = false;
		if (this.session != null && seq != null && seq > this.session.sequence()) {
			violation("heartbeat seq ahead", "heartbeat d=" + seq + " but last dispatched s=" + this.session.sequence());
		}
		armHeartbeatDeadline();
		if (ack) {
			long delay = this.sim.ackDelayNanos;
			if (delay > 0) {
				this.channel.eventLoop().schedule(() -> sendText(HEARTBEAT_ACK), delay, TimeUnit.NANOSECONDS);
			}
			else {
				sendText(HEARTBEAT_ACK);
			}
		}
	}

	void requestHeartbeat() {
		execute(() -> {
			this.heartbeatRequested = true;
			sendText(HEARTBEAT_REQUEST);
		});
	}

	private void onIdentify(Instant now, JsonNode d) {
		if (this.authenticated) {
			violation("4005", "second IDENTIFY on one connection");
			logIdentify(now, d, "CLOSE 4005", null);
			closeByServer(4005, "Already authenticated.");
			return;
		}
		if (d == null || !d.isObject()) {
			violation("4002", "IDENTIFY without an object d");
			closeByServer(4002, "Error while decoding payload.");
			return;
		}
		GatewaySimulator.Config config = this.sim.config;
		if (!config.token.equals(text(d, "token"))) {
			violation("4004", "IDENTIFY with an invalid token");
			logIdentify(now, d, "CLOSE 4004", null);
			closeByServer(4004, "Authentication failed.");
			return;
		}
		JsonNode intentsNode = d.get("intents");
		long intents = (intentsNode != null && intentsNode.isIntegralNumber()) ? intentsNode.longValue() : -1;
		if (intents < 0 || (intents & ~config.allowedIntents) != 0) {
			violation("4013", "invalid intents " + intents);
			logIdentify(now, d, "CLOSE 4013", null);
			closeByServer(4013, "Invalid intent(s).");
			return;
		}
		if (!config.privilegedIntentsAllowed && (intents & GatewaySimulator.PRIVILEGED_INTENTS) != 0) {
			violation("4014", "privileged intents " + (intents & GatewaySimulator.PRIVILEGED_INTENTS) + " not allowed");
			logIdentify(now, d, "CLOSE 4014", null);
			closeByServer(4014, "Disallowed intent(s).");
			return;
		}
		int shardId = 0;
		int shardCount = 1;
		JsonNode shard = d.get("shard");
		if (shard != null && !shard.isNull()) {
			if (!shard.isArray() || shard.size() != 2 || !shard.get(0).isIntegralNumber()
					|| !shard.get(1).isIntegralNumber()) {
				shardId = -1;
			}
			else {
				shardId = shard.get(0).intValue();
				shardCount = shard.get(1).intValue();
			}
		}
		if (shardId < 0 || shardCount < 1 || shardId >= shardCount) {
			violation("4010", "invalid shard " + shard);
			logIdentify(now, d, "CLOSE 4010", null);
			closeByServer(4010, "Invalid shard.");
			return;
		}
		this.loggedShard = shardId;
		int guilds = this.sim.world.guildCountFor(shardId, shardCount);
		if (guilds > config.maxGuildsPerShard) {
			violation("4011", "shard " + shardId + "/" + shardCount + " would hold " + guilds + " guilds");
			logIdentify(now, d, "CLOSE 4011", null);
			closeByServer(4011, "Sharding required.");
			return;
		}
		String budget = this.sim.admitIdentify(shardId);
		if (budget != null) {
			if (budget.equals("bucket")) {
				violation("identify bucket breach", "shard " + shardId + " identified within "
						+ config.identifyWindow.toMillis() + " ms of another identify in bucket "
						+ (shardId % config.maxConcurrency));
				logIdentify(now, d, "INVALID_SESSION", null);
				sendText(INVALID_SESSION);
			}
			else {
				violation("session start limit exhausted", "no session starts remaining");
				logIdentify(now, d, "CLOSE 4004", null);
				closeByServer(4004, "Authentication failed.");
			}
			return;
		}
		JsonNode lt = d.get("large_threshold");
		int largeThreshold = (lt != null && lt.isIntegralNumber()) ? Math.max(50, Math.min(250, lt.intValue())) : 50;
		Session s = this.sim.newSession(shardId, shardCount, intents, largeThreshold, this.compress);
		this.session = s;
		this.authenticated = true;
		this.loggedSession = s.id;
		s.attach(this);
		logIdentify(now, d, "READY", s.id);
		this.sim.sendReady(s, shard != null && !shard.isNull());
	}

	private void onResume(Instant now, JsonNode d) {
		if (this.authenticated) {
			violation("4005", "RESUME on an authenticated connection");
			this.resume = new SimulatorLog.Resume(this.id, now, null, null, this.resumePort, "CLOSE 4005", 0);
			closeByServer(4005, "Already authenticated.");
			return;
		}
		if (d == null || !d.isObject()) {
			violation("4002", "RESUME without an object d");
			closeByServer(4002, "Error while decoding payload.");
			return;
		}
		String sessionId = text(d, "session_id");
		JsonNode seqNode = d.get("seq");
		Long seq = (seqNode != null && seqNode.isIntegralNumber()) ? seqNode.longValue() : null;
		if (!this.sim.config.token.equals(text(d, "token"))) {
			violation("4004", "RESUME with an invalid token");
			this.resume = logResume(now, sessionId, seq, "CLOSE 4004", 0);
			closeByServer(4004, "Authentication failed.");
			return;
		}
		Session s = (sessionId != null) ? this.sim.sessions.get(sessionId) : null;
		if (!this.resumePort && (s == null || !s.resumeUrlOverridden)) {
			violation("resume not at resume_gateway_url", "RESUME arrived on port " + this.port);
		}
		if (s == null || !s.resumable()) {
			this.resume = logResume(now, sessionId, seq, "INVALID_SESSION", 0);
			if (s != null) {
				this.sim.sessions.remove(s.id);
			}
			sendText(INVALID_SESSION);
			return;
		}
		long last = (seq != null) ? seq : 0;
		if (last > s.sequence()) {
			violation("4007", "RESUME seq " + last + " is ahead of the session's " + s.sequence());
			this.resume = logResume(now, sessionId, seq, "CLOSE 4007", 0);
			closeByServer(4007, "Invalid seq.");
			return;
		}
		if (last < s.oldestBuffered() - 1) {
			// the replay buffer no longer holds everything the client missed
			this.resume = logResume(now, sessionId, seq, "INVALID_SESSION", 0);
			s.destroy();
			this.sim.sessions.remove(s.id);
			sendText(INVALID_SESSION);
			return;
		}
		GatewayConnection previous = s.connection();
		if (previous != null && previous != this) {
			previous.detachSession(s);
			previous.closeByServer(4000, "Session resumed on another connection.");
		}
		this.session = s;
		this.authenticated = true;
		this.loggedShard = s.shardId;
		this.loggedSession = s.id;
		int replayed = s.resume(this, last, this.sim.resumedTemplate());
		this.sim.countDispatch("RESUMED", 1);
		this.resume = logResume(now, sessionId, seq, "RESUMED", replayed);
	}

	void detachSession(Session s) {
		execute(() -> {
			if (this.session == s) {
				this.session = null;
				this.authenticated = false;
			}
		});
	}

	/** Sends op 9 and unbinds the session; a non-resumable one is destroyed. */
	void invalidate(boolean resumable) {
		execute(() -> {
			Session s = this.session;
			if (s != null) {
				if (resumable) {
					s.detach(this, this.sim.config.sessionExpiry.toNanos());
				}
				else {
					s.detach(this, 0);
					s.destroy();
					this.sim.sessions.remove(s.id);
				}
			}
			this.session = null;
			this.authenticated = false;
			sendText(Opcode.INVALID_SESSION.message(String.valueOf(resumable)));
		});
	}

	// ---- record helpers --------------------------------------------------------------------------------

	private SimulatorLog.Resume logResume(Instant now, String sessionId, Long seq, String outcome, int replayed) {
		SimulatorLog.Resume r = new SimulatorLog.Resume(this.id, now, sessionId, seq, this.resumePort, outcome,
				replayed);
		this.sim.resumes.add(r);
		return r;
	}

	private void logIdentify(Instant now, JsonNode d, String outcome, String sessionId) {
		int shardId = 0;
		int count = 1;
		JsonNode shard = d.get("shard");
		if (shard != null && shard.isArray() && shard.size() == 2) {
			shardId = shard.get(0).asInt();
			count = shard.get(1).asInt();
		}
		JsonNode intents = d.get("intents");
		String token = this.sim.config.token.equals(text(d, "token")) ? "[redacted]" : "[invalid]";
		SimulatorLog.Identify record = new SimulatorLog.Identify(this.id, now, shardId, count,
				(intents != null) ? intents.asLong() : -1, token, outcome, sessionId, maskedD(Opcode.IDENTIFY, d));
		this.identify = record;
		this.sim.identifies.add(record);
	}

	void violation(String rule, String detail) {
		SimulatorLog.Violation v = new SimulatorLog.Violation(this.id, Instant.now(), rule, detail);
		this.violations.add(v);
		this.sim.violations.add(v);
	}

	private void record(Instant now, int op, String d) {
		synchronized (this.commands) {
			this.commands.addLast(new SimulatorLog.Command(now, op, d));
			if (this.commands.size() > this.sim.config.logCapacity) {
				this.commands.pollFirst();
			}
		}
	}

	private String maskedD(Opcode op, JsonNode d) {
		if (d == null) {
			return null;
		}
		if ((op == Opcode.IDENTIFY || op == Opcode.RESUME) && d.isObject() && d.has("token")) {
			ObjectNode copy = ((ObjectNode) d).deepCopy();
			copy.put("token", "[redacted]");
			return truncate(copy.toString());
		}
		return truncate(d.toString());
	}

	private static String truncate(String s) {
		return (s.length() > 2000) ? s.substring(0, 2000) + "..." : s;
	}

	private static String text(JsonNode d, String field) {
		JsonNode n = d.get(field);
		return (n != null && n.isString()) ? n.stringValue() : null;
	}

	SimulatorLog.Connection snapshot() {
		List<SimulatorLog.Command> cmds;
		synchronized (this.commands) {
			cmds = List.copyOf(this.commands);
		}
		List<SimulatorLog.Heartbeat> hbs;
		synchronized (this.heartbeats) {
			hbs = List.copyOf(this.heartbeats);
		}
		List<SimulatorLog.Violation> vs;
		synchronized (this.violations) {
			vs = List.copyOf(this.violations);
		}
		return new SimulatorLog.Connection(this.id, this.port, this.url, this.query, this.resumePort,
				this.compress, this.openedAt, this.loggedShard, this.loggedSession, this.identify, this.resume, hbs,
				cmds, this.close, vs, this.framesSent.get(), this.open);
	}

}
