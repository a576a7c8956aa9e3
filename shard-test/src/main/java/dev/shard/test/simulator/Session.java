/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A gateway session: its sequence counter and a bounded replay buffer of what was dispatched to it. Guarded by
 * its own monitor: assigning a sequence number, buffering and handing the frame to the connection happen under
 * one lock so that order on the wire always equals sequence order.
 */
final class Session {

	final String id;

	/** READY gave this session a {@code resume_gateway_url} other than the second port (see advertiseResumeGatewayUrl). */
	volatile boolean resumeUrlOverridden;

	final int shardId;

	final int shardCount;

	final long intents;

	final int largeThreshold;

	final String compress;

	private final DispatchTemplate[] ring;

	/** Sequence of the last dispatch (0 before READY). */
	private long seq;

	/** The last sequence number of the latest replay (0: none): the replay buffer holds nothing up to it. */
	private long replayedThrough;

	/** Connection currently bound, or null while disconnected. */
	private GatewayConnection connection;

	/** Nanos deadline after which the session cannot be resumed; Long.MAX_VALUE while connected. */
	private volatile long expiresAtNanos = Long.MAX_VALUE;

	private volatile boolean destroyed;

	Session(String id, int shardId, int shardCount, long intents, int largeThreshold, String compress,
			int replayCapacity) {
		this.id = id;
		this.shardId = shardId;
		this.shardCount = shardCount;
		this.intents = intents;
		this.largeThreshold = largeThreshold;
		this.compress = compress;
		this.ring = new DispatchTemplate[Math.max(1, replayCapacity)];
	}

	/**
	 * Assigns the next sequence number, buffers the dispatch and writes it to the bound connection (if any).
	 * @return the sequence number
	 */
	synchronized long dispatch(DispatchTemplate template, boolean flush) {
		long s = ++this.seq;
		this.ring[(int) (s % this.ring.length)] = template;
		GatewayConnection c = this.connection;
		if (c != null) {
			c.sendDispatch(template, s, flush);
		}
		return s;
	}

	/**
	 * Like {@link #dispatch} with a flush, but only once the session's READY went out: a session still between
	 * IDENTIFY and READY gets nothing (the event happened before it existed for the client).
	 * @return the sequence number, or -1 when nothing was sent
	 */
	synchronized long dispatchAfterReady(DispatchTemplate template) {
		return (this.seq > 0) ? dispatch(template, true) : -1;
	}

	synchronized long sequence() {
		return this.seq;
	}

	/**
	 * Takes the sequence numbers {@code first} to {@code first + count - 1} for a replayed recording, whose frames
	 * the replay buffer cannot hold: a RESUME from before its end is then as one from before the buffer.
	 * @throws IllegalStateException when {@code first} is not the next sequence number
	 */
	synchronized void reserveForReplay(long first, int count) {
		if (this.seq == 0) {
			throw new IllegalStateException("session " + this.id + " has had no READY yet");
		}
		if (first != this.seq + 1) {
			throw new IllegalStateException("the recording starts at s=" + first + " but session " + this.id
					+ " (shard " + this.shardId + ") is at s=" + this.seq + ": record it from s=" + (this.seq + 1));
		}
		this.seq = first + count - 1;
		this.replayedThrough = this.seq;
	}

	/** Oldest sequence still in the replay buffer. */
	synchronized long oldestBuffered() {
		return Math.max(Math.max(1, this.replayedThrough + 1), this.seq - this.ring.length + 1);
	}

	synchronized GatewayConnection connection() {
		return this.connection;
	}

	synchronized void attach(GatewayConnection c) {
		this.connection = c;
		this.expiresAtNanos = Long.MAX_VALUE;
	}

	/** Detaches {@code c} if it is still the bound connection, starting the expiry clock. */
	synchronized void detach(GatewayConnection c, long expiryNanos) {
		if (this.connection == c) {
			this.connection = null;
			this.expiresAtNanos = System.nanoTime() + expiryNanos;
		}
	}

	boolean resumable() {
		return !this.destroyed && System.nanoTime() < this.expiresAtNanos;
	}

	void destroy() {
		this.destroyed = true;
	}

	boolean destroyed() {
		return this.destroyed;
	}

	boolean live() {
		return !this.destroyed && System.nanoTime() < this.expiresAtNanos;
	}

	/**
	 * Binds {@code c}, replays every buffered dispatch after {@code after}, then sends RESUMED, all under the
	 * lock so no live dispatch can interleave.
	 * @return the number replayed
	 */
	synchronized int resume(GatewayConnection c, long after, DispatchTemplate resumed) {
		this.connection = c;
		this.expiresAtNanos = Long.MAX_VALUE;
		int n = 0;
		for (long s = after + 1; s <= this.seq; s++) {
			c.sendDispatch(this.ring[(int) (s % this.ring.length)], s, false);
			n++;
		}
		long s = ++this.seq;
		this.ring[(int) (s % this.ring.length)] = resumed;
		c.sendDispatch(resumed, s, true);
		return n;
	}

	/** What is still in the replay buffer, in order. */
	synchronized List<SimulatorLog.Dispatch> buffered() {
		List<SimulatorLog.Dispatch> out = new ArrayList<>();
		for (long s = oldestBuffered(); s <= this.seq; s++) {
			DispatchTemplate t = this.ring[(int) (s % this.ring.length)];
			out.add(new SimulatorLog.Dispatch(this.id, this.shardId, s, t.type));
		}
		return out;
	}

	synchronized byte[] bufferedFrame(long s) {
		if (s < oldestBuffered() || s > this.seq) {
			return null;
		}
		return this.ring[(int) (s % this.ring.length)].encode(s);
	}

}
