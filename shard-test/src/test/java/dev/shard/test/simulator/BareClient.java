/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.zip.Inflater;

import com.github.luben.zstd.ZstdDirectBufferDecompressingStreamNoFinalizer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A bare Reactor Netty WebSocket client for the simulator's own tests: it speaks no protocol by itself (no
 * automatic heartbeats), records every message (inflating zlib-stream / zstd-stream) and the close status.
 */
final class BareClient implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final List<JsonNode> received = new CopyOnWriteArrayList<>();

	final List<String> decodeErrors = new CopyOnWriteArrayList<>();

	final AtomicReference<WebSocketCloseStatus> closeStatus = new AtomicReference<>();

	final AtomicBoolean terminated = new AtomicBoolean();

	final AtomicReference<Connection> connection = new AtomicReference<>();

	int binaryFrames;

	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final String compress;

	private final Inflater inflater = new Inflater();

	private final ByteArrayOutputStream zlibBuffer = new ByteArrayOutputStream();

	private ZstdDirectBufferDecompressingStreamNoFinalizer zstd;

	private ByteBuffer zstdIn;

	BareClient(String url) {
		this.compress = url.contains("compress=zlib-stream") ? "zlib"
				: url.contains("compress=zstd-stream") ? "zstd" : "none";
		HttpClient.create()
			.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(64 << 20).build())
			.uri(url)
			.handle((in, out) -> {
				in.withConnection(this.connection::set);
				in.receiveCloseStatus().subscribe(this.closeStatus::set);
				Mono<Void> reading = in.aggregateFrames(64 << 20).receiveFrames().doOnNext(this::onFrame).then();
				Mono<Void> writing = out.sendString(this.outbound.asFlux()).then();
				return Mono.when(reading, writing);
			})
			.doFinally((s) -> this.terminated.set(true))
			.subscribe(null, (ex) -> this.decodeErrors.add("connection error: " + ex));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.connection.get() != null || this.terminated.get());
	}

	static BareClient connect(GatewaySimulator sim, String query) {
		return new BareClient(sim.gatewayUrl() + "?" + query);
	}

	static BareClient connect(GatewaySimulator sim) {
		return connect(sim, "v=10&encoding=json");
	}

	private synchronized void onFrame(WebSocketFrame frame) {
		ByteBuf content = frame.content();
		byte[] bytes = new byte[content.readableBytes()];
		content.getBytes(content.readerIndex(), bytes);
		try {
			if (frame instanceof TextWebSocketFrame) {
				add(bytes);
			}
			else if (frame instanceof BinaryWebSocketFrame) {
				this.binaryFrames++;
				if (this.compress.equals("zlib")) {
					this.zlibBuffer.writeBytes(bytes);
					int n = bytes.length;
					if (n >= 4 && bytes[n - 4] == 0 && bytes[n - 3] == 0 && (bytes[n - 2] & 0xFF) == 0xFF
							&& (bytes[n - 1] & 0xFF) == 0xFF) {
						this.inflater.setInput(this.zlibBuffer.toByteArray());
						this.zlibBuffer.reset();
						ByteArrayOutputStream out = new ByteArrayOutputStream();
						byte[] buf = new byte[65536];
						int r;
						while ((r = this.inflater.inflate(buf)) > 0) {
							out.write(buf, 0, r);
						}
						add(out.toByteArray());
					}
				}
				else if (this.compress.equals("zstd")) {
					add(zstd(bytes));
				}
				else {
					add(bytes);
				}
			}
		}
		catch (Exception ex) {
			this.decodeErrors.add(ex.toString());
		}
	}

	private byte[] zstd(byte[] bytes) throws java.io.IOException {
		if (this.zstd == null) {
			this.zstdIn = ByteBuffer.allocateDirect(1 << 20);
			this.zstdIn.flip();
			this.zstd = new ZstdDirectBufferDecompressingStreamNoFinalizer(this.zstdIn);
		}
		this.zstdIn.compact();
		this.zstdIn.put(bytes);
		this.zstdIn.flip();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteBuffer target = ByteBuffer.allocateDirect(1 << 16);
		while (true) {
			target.clear();
			int n = this.zstd.read(target);
			target.flip();
			byte[] chunk = new byte[target.remaining()];
			target.get(chunk);
			out.writeBytes(chunk);
			if (n == 0 || (!this.zstdIn.hasRemaining() && target.limit() < target.capacity())) {
				break;
			}
		}
		return out.toByteArray();
	}

	private void add(byte[] json) {
		try {
			this.received.add(JSON.readTree(json));
		}
		catch (RuntimeException ex) {
			this.decodeErrors.add("bad json: " + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8));
		}
	}

	void send(String text) {
		this.outbound.tryEmitNext(text);
	}

	void identify(String token, int shard, int shards, long intents) {
		send("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"properties\":{\"os\":\"linux\",\"browser\":\"bare\","
				+ "\"device\":\"bare\"},\"intents\":" + intents + ",\"shard\":[" + shard + "," + shards + "]}}");
	}

	void identify(GatewaySimulator sim) {
		identify(sim.token(), 0, 1, 513);
	}

	void resume(String token, String sessionId, long seq) {
		send("{\"op\":6,\"d\":{\"token\":\"" + token + "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + seq + "}}");
	}

	void heartbeat(Long seq) {
		send("{\"op\":1,\"d\":" + seq + "}");
	}

	/** Closes with {@code code} (client side). */
	void close(int code) {
		Connection c = this.connection.get();
		if (c != null) {
			c.channel().writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(code, "bye"));
		}
	}

	JsonNode awaitOp(int op) {
		return awaitMessage((n) -> n.path("op").asInt() == op);
	}

	JsonNode awaitDispatch(String type) {
		return awaitMessage((n) -> n.path("op").asInt() == 0 && type.equals(n.path("t").asString()));
	}

	JsonNode awaitMessage(Predicate<JsonNode> p) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (JsonNode n : this.received) {
				if (p.test(n)) {
					found.set(n);
					return true;
				}
			}
			return false;
		});
		return found.get();
	}

	List<JsonNode> dispatches() {
		return this.received.stream().filter((n) -> n.path("op").asInt() == 0).toList();
	}

	long lastSeq() {
		return dispatches().stream().mapToLong((n) -> n.path("s").asLong()).max().orElse(0);
	}

	int awaitClose() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.closeStatus.get() != null || this.terminated.get());
		WebSocketCloseStatus s = this.closeStatus.get();
		return (s != null) ? s.code() : -1;
	}

	@Override
	public void close() {
		Connection c = this.connection.get();
		if (c != null) {
			c.dispose();
		}
		this.inflater.end();
	}

}
