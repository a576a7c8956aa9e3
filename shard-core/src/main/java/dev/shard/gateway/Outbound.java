package dev.shard.gateway;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.shard.gateway.internal.SendLimiter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What a shard sends. User payloads wait in one queue that outlives connections and are pumped onto the live
 * connection as two limits allow: the connection's 120 per 60 s, with slots kept for heartbeats
 * (<a href="https://discord.com/developers/docs/events/gateway#rate-limiting">Rate Limiting</a>), and presence
 * updates' own 5 per 20 s
 * (<a href="https://discord.com/developers/docs/events/gateway-events#update-presence">Update Presence</a>).
 * Heartbeat, Identify and Resume never wait.
 * <p>
 * Threads: payloads are queued from any thread, under the shard's lock (see {@link Supervisor}), which is also
 * the lock under which the queue is failed when the shard ends; a {@link Writer} and the presence limiter are used
 * on the event loop of the connection that pumps.
 */
final class Outbound {

	static final int PRESENCE_LIMIT = 5;

	static final Duration PRESENCE_WINDOW = Duration.ofSeconds(20);

	private static final int PRESENCE_UPDATE = Opcode.PRESENCE_UPDATE.code();

	private final ShardContext context;

	private final Queue<Send> pending = new ConcurrentLinkedQueue<>();

	/** Outbound window; Discord's unless a test shortens it (paired with a simulator using the same window). */
	private volatile int sendLimit = SendLimiter.GATEWAY_LIMIT;

	private volatile Duration sendWindow = SendLimiter.GATEWAY_WINDOW;

	/** Per shard, so a reconnect does not reset it. */
	private SendLimiter presenceLimiter = new SendLimiter(PRESENCE_LIMIT, PRESENCE_WINDOW, System::nanoTime);

	/** Test hook: runs in {@link #queue} before the payload joins the queue (the caller holds the shard's lock). */
	volatile Runnable beforeQueueing;

	Outbound(ShardContext context) {
		this.context = context;
	}

	/** Test hook: a shorter presence window, so its pacing can be shown without waiting 20 s. */
	Outbound presenceLimit(int limit, Duration window) {
		this.presenceLimiter = new SendLimiter(limit, window, System::nanoTime);
		return this;
	}

	/** Test hook: a shorter send window, so pacing can be shown against a simulator with the same window. */
	Outbound sendLimit(int limit, Duration window) {
		this.sendLimit = limit;
		this.sendWindow = window;
		return this;
	}

	/**
	 * Queues a user payload; the caller holds the shard's lock and has checked that the shard still runs.
	 * @return completes when the payload was written
	 */
	Mono<Void> queue(byte[] bytes, int op) {
		Send send = new Send(bytes, op, System.nanoTime());
		Runnable hook = this.beforeQueueing;
		if (hook != null) {
			hook.run();
		}
		this.pending.add(send);
		return send.result.asMono();
	}

	/** Fails whatever is queued; the caller holds the shard's lock (so nothing joins the queue after this). */
	void failAll(GatewayException error) {
		Send p;
		while ((p = this.pending.poll()) != null) {
			p.result.tryEmitError(error);
		}
	}

	/** The writes of a connection that has just opened. */
	Writer writer(Channel channel) {
		return new Writer(channel, new SendLimiter(this.sendLimit, this.sendWindow, System::nanoTime));
	}

	/**
	 * The writes of one connection, paced by its own send limiter. Used on the connection's event loop, except
	 * {@link #schedulePump()}.
	 */
	final class Writer {

		private final Channel channel;

		private final SendLimiter limiter;

		/** READY or RESUMED was seen: queued payloads may go. */
		private boolean live;

		/** The connection is closing: nothing more is pumped. */
		private boolean closing;

		private boolean pumpScheduled;

		private Writer(Channel channel, SendLimiter limiter) {
			this.channel = channel;
			this.limiter = limiter;
		}

		/** Keeps the slots that one window of heartbeats at this interval needs (Hello tells it). */
		void heartbeatInterval(Duration interval) {
			this.limiter.heartbeatInterval(interval);
		}

		/** Heartbeat, Identify, Resume: written at once, in slots kept for them. */
		void writeNow(byte[] bytes, Opcode op) {
			if (!this.limiter.tryAcquire(true)) {
				// cannot happen while the reservation holds; a heartbeat still never waits
				this.limiter.record();
			}
			write(bytes, op.code(), Duration.ZERO);
		}

		/** From now on queued payloads may go (call {@link #pump()} to send them). */
		void live() {
			this.live = true;
		}

		/** From now on nothing queued goes out on this connection. */
		void closing() {
			this.closing = true;
		}

		/** From any thread. */
		void schedulePump() {
			this.channel.eventLoop().execute(this::pump);
		}

		/** Sends queued user payloads while the windows allow; otherwise comes back when a slot frees up. */
		void pump() {
			this.pumpScheduled = false;
			while (this.live && !this.closing && this.channel.isActive()) {
				Send p = Outbound.this.pending.peek();
				if (p == null) {
					return;
				}
				long wait = this.limiter.delayNanos(false);
				if (p.op == PRESENCE_UPDATE) {
					wait = Math.max(wait, Outbound.this.presenceLimiter.delayNanos(false));
				}
				if (wait > 0) {
					if (!this.pumpScheduled) {
						this.pumpScheduled = true;
						this.channel.eventLoop().schedule(this::pump, wait, TimeUnit.NANOSECONDS);
					}
					return;
				}
				Outbound.this.pending.poll();
				this.limiter.record();
				if (p.op == PRESENCE_UPDATE) {
					Outbound.this.presenceLimiter.record();
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

		private ChannelFuture write(byte[] bytes, int op, Duration waited) {
			ShardContext c = Outbound.this.context;
			c.trace(">>", bytes);
			c.observer().onSend(c.shardId(), op, bytes.length, waited);
			return this.channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
		}

	}

	private static final class Send {

		final byte[] bytes;

		/** Any code but the shard's own: not necessarily an {@link Opcode} this client knows. */
		final int op;

		final long enqueuedNanos;

		final Sinks.Empty<Void> result = Sinks.empty();

		Send(byte[] bytes, int op, long enqueuedNanos) {
			this.bytes = bytes;
			this.op = op;
			this.enqueuedNanos = enqueuedNanos;
		}

	}

}
