/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link DispatchRecording} to one session's connection: on its event loop, in slices of whole frames
 * (one direct buffer each, flushed at once), while the channel is writable, yielding between steps so the loop can
 * read (heartbeats). Paced, it releases only the frames that are due at each tick. The connection is fixed when
 * the replay starts: if it closes, the replay fails (a client cannot resume into the middle of one).
 * <p>
 * The slices are plain {@code ByteBuf}s, already framed: the only outbound handler of a gateway connection's
 * pipeline is Netty's {@code WebSocket13FrameEncoder}, which encodes {@code WebSocketFrame}s and passes anything
 * else through unchanged (the server negotiates no WebSocket extension).
 */
final class ReplayJob implements Runnable {

	/** Bytes per buffer written. */
	private static final int SLICE_BYTES = 64 * 1024;

	/** Bytes written per run before the job yields the loop. */
	private static final int STEP_BYTES = 1 << 20;

	private final GatewaySimulator sim;

	private final Session session;

	private final DispatchRecording recording;

	private final double ratePerSecond;

	final CompletableFuture<Long> done = new CompletableFuture<>();

	private GatewayConnection connection;

	private boolean begun;

	private int next;

	private long startNanos;

	ReplayJob(GatewaySimulator sim, Session session, DispatchRecording recording, double ratePerSecond) {
		this.sim = sim;
		this.session = session;
		this.recording = recording;
		this.ratePerSecond = ratePerSecond;
	}

	void start() {
		this.connection = this.session.connection();
		if (this.connection == null || !this.connection.isOpen()) {
			this.done.completeExceptionally(new IllegalStateException("session " + this.session.id + " (shard "
					+ this.session.shardId + ") is not connected: a replay cannot be buffered for a resume"));
			return;
		}
		this.connection.execute(this);
	}

	@Override
	public void run() {
		if (this.done.isDone()) {
			return;
		}
		try {
			step();
		}
		catch (RuntimeException ex) {
			this.connection.endReplay(this);
			this.done.completeExceptionally(ex);
		}
	}

	private void step() {
		GatewayConnection c = this.connection;
		if (!this.begun) {
			c.beginReplay(this, this.session, this.recording);
			this.begun = true;
			this.startNanos = System.nanoTime();
		}
		if (c.closed()) {
			throw new IllegalStateException("connection " + c.id + " closed after " + this.next + " of "
					+ this.recording.count + " replayed frames");
		}
		if (c.session() != this.session) {
			// invalidated, or resumed on another connection: the rest of the stream belongs to no one
			throw new IllegalStateException("session " + this.session.id + " left connection " + c.id + " after "
					+ this.next + " of " + this.recording.count + " replayed frames");
		}
		int target = this.recording.count;
		if (this.ratePerSecond > 0) {
			double elapsed = (System.nanoTime() - this.startNanos) / 1e9;
			long due = (long) Math.floor(elapsed * this.ratePerSecond) + 1;
			target = (int) Math.min(target, due);
		}
		long written = 0;
		boolean writable = true;
		while (this.next < target && written < STEP_BYTES) {
			if (c.heldWaiting() && this.recording.splicePoint(this.next)) {
				c.releaseHeld();
			}
			if (!c.channel.isWritable()) {
				writable = false;
				break;
			}
			// with a live message waiting, stop at the next point where it may go in
			int to = c.heldWaiting() ? Math.min(target, this.recording.nextSplicePoint(this.next)) : target;
			int end = this.recording.sliceEnd(this.next, to, SLICE_BYTES);
			var slice = this.recording.slice(c.channel.alloc(), this.next, end);
			written += slice.readableBytes();
			c.writeReplayed(slice, end - this.next);
			long flushed = this.sim.observesWrites() ? System.nanoTime() : 0;
			c.flush();
			this.sim.written(this.recording.firstSequence + this.next, this.recording.firstSequence + end - 1,
					flushed);
			this.sim.countDispatch(this.recording.type, end - this.next);
			this.next = end;
		}
		if (this.next == this.recording.count) {
			c.endReplay(this);
			this.done.complete((long) this.recording.count);
		}
		else if (!writable) {
			c.whenWritable(this);
		}
		else if (this.next < target) {
			c.channel.eventLoop().execute(this);
		}
		else {
			long period = (long) Math.max(1_000_000, Math.min(10_000_000, 1e9 / this.ratePerSecond));
			c.channel.eventLoop().schedule(this, period, TimeUnit.NANOSECONDS);
		}
	}

}
