/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pushes {@code count} pre-encoded dispatches into one session. It runs on the event loop of the session's
 * current connection (so writes are direct and flushed every {@code flushEvery} frames), yields between
 * batches so the loop can read, and parks while the channel is not writable, keeping memory bounded. While
 * the session is disconnected it fills the replay buffer from a background thread.
 */
final class DispatchJob implements Runnable {

	private static final int BATCH = 4096;

	private final GatewaySimulator sim;

	private final Session session;

	private final DispatchTemplate[] pool;

	private final double ratePerSecond;

	final CompletableFuture<Long> done = new CompletableFuture<>();

	private long remaining;

	private long sent;

	private int next;

	private long startNanos;

	DispatchJob(GatewaySimulator sim, Session session, List<DispatchTemplate> pool, long count, double ratePerSecond) {
		this.sim = sim;
		this.session = session;
		this.pool = pool.toArray(DispatchTemplate[]::new);
		this.remaining = count;
		this.ratePerSecond = ratePerSecond;
	}

	void start() {
		this.startNanos = System.nanoTime();
		reschedule(0);
	}

	private void reschedule(long delayNanos) {
		GatewayConnection c = this.session.connection();
		if (c != null && c.isOpen()) {
			if (delayNanos > 0) {
				c.channel.eventLoop().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
			}
			else {
				c.channel.eventLoop().execute(this);
			}
		}
		else if (!this.sim.background().isShutdown()) {
			if (delayNanos > 0) {
				CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, this.sim.background()).execute(this);
			}
			else {
				this.sim.background().execute(this);
			}
		}
		else {
			this.done.complete(this.sent);
		}
	}

	@Override
	public void run() {
		try {
			step();
		}
		catch (RuntimeException ex) {
			this.done.completeExceptionally(ex);
		}
	}

	private void step() {
		if (this.remaining <= 0 || this.session.destroyed()) {
			this.done.complete(this.sent);
			return;
		}
		GatewayConnection c = this.session.connection();
		if (c != null && !c.isOpen()) {
			c = null;
		}
		if (c != null && !c.channel.eventLoop().inEventLoop()) {
			// the session moved to another connection (resume): follow it
			reschedule(0);
			return;
		}
		long allowed = Math.min(this.remaining, BATCH);
		if (this.ratePerSecond > 0) {
			double elapsed = (System.nanoTime() - this.startNanos) / 1e9;
			long due = (long) Math.floor(elapsed * this.ratePerSecond) + 1 - this.sent;
			allowed = Math.min(allowed, Math.max(0, due));
		}
		long batch = 0;
		long first = -1;
		long last = -1;
		boolean writable = true;
		while (batch < allowed) {
			if (c != null && !c.channel.isWritable()) {
				writable = false;
				break;
			}
			last = this.session.dispatch(this.pool[this.next], false);
			if (first < 0) {
				first = last;
			}
			this.next = (this.next + 1 == this.pool.length) ? 0 : this.next + 1;
			batch++;
		}
		this.sent += batch;
		this.remaining -= batch;
		if (batch > 0) {
			this.sim.countDispatch(this.pool[0].type, batch);
		}
		if (c != null) {
			long flushed = this.sim.observesWrites() ? System.nanoTime() : 0;
			c.flush();
			if (first >= 0) {
				this.sim.written(first, last, flushed);
			}
		}
		if (this.remaining <= 0) {
			this.done.complete(this.sent);
			return;
		}
		if (!writable && c != null) {
			c.whenWritable(this);
		}
		else if (this.ratePerSecond > 0) {
			long period = (long) Math.max(1_000_000, Math.min(10_000_000, 1e9 / this.ratePerSecond));
			reschedule(period);
		}
		else {
			reschedule(0);
		}
	}

}
