/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link GatewaySimulator#streamGuildMessages}: MESSAGE_CREATE events round-robin over the world's guilds, each
 * encoded once and routed by guild to every live session of every layout that covers it. It runs on the
 * simulator's background thread in batches (so other background work interleaves), paced at
 * {@code ratePerSecond} if positive, and pauses while a receiving connection is not writable so that a slow
 * client cannot make the simulator queue without bound.
 */
final class GuildMessageStream implements Runnable {

	private static final int BATCH = 256;

	/** How long to wait before looking again at a connection that is not writable. */
	private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** Dispatches handed to a connection's event loop and not yet written, past which the stream waits. */
	private static final int MAX_PENDING = 4 * BATCH;

	private final GatewaySimulator sim;

	private final List<SyntheticWorld.Guild> guilds;

	private final double ratePerSecond;

	final CompletableFuture<Long> done = new CompletableFuture<>();

	private final long count;

	private long sent;

	private long startNanos;

	GuildMessageStream(GatewaySimulator sim, long count, double ratePerSecond) {
		this.sim = sim;
		this.guilds = sim.world.guilds;
		this.count = count;
		this.ratePerSecond = ratePerSecond;
	}

	void start() {
		this.startNanos = System.nanoTime();
		schedule(0);
	}

	private void schedule(long delayNanos) {
		try {
			if (delayNanos > 0) {
				CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, this.sim.background())
					.execute(this);
			}
			else {
				this.sim.background().execute(this);
			}
		}
		catch (RejectedExecutionException ex) {
			// the simulator was closed
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
		if (this.sent >= this.count) {
			finish();
			return;
		}
		if (!allWritable()) {
			schedule(BACKOFF_NANOS);
			return;
		}
		long allowed = Math.min(this.count - this.sent, BATCH);
		if (this.ratePerSecond > 0) {
			double elapsed = (System.nanoTime() - this.startNanos) / 1e9;
			long due = (long) Math.floor(elapsed * this.ratePerSecond) + 1 - this.sent;
			allowed = Math.min(allowed, Math.max(0, due));
		}
		for (long i = 0; i < allowed; i++) {
			SyntheticWorld.Guild g = this.guilds.get((int) (this.sent % this.guilds.size()));
			long n = this.sim.nextGuildMessageNumber(g.index());
			long id = this.sim.world.newId();
			String d = this.sim.world.string(
					this.sim.world.messageCreate(g, (int) (n % Integer.MAX_VALUE), id, g.id() + "#" + n));
			this.sim.routeByGuild(DispatchTemplate.of("MESSAGE_CREATE", d), false, g.id(), null);
			this.sent++;
		}
		if (this.sent >= this.count) {
			finish();
		}
		else if (this.ratePerSecond > 0 && allowed == 0) {
			long period = (long) Math.max(1_000_000, Math.min(10_000_000, 1e9 / this.ratePerSecond));
			schedule(period);
		}
		else {
			schedule(0);
		}
	}

	/** Whether every open connection with a session can take more without queueing in memory. */
	private boolean allWritable() {
		for (GatewayConnection c : this.sim.connections) {
			if (c.isOpen() && c.shardId() != null && c.channel.isActive()
					&& (!c.channel.isWritable() || c.pendingOffLoop() > MAX_PENDING)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Completes once every connection's event loop has run the writes queued so far: dispatches handed over from
	 * this thread are written (in sequence order) by tasks queued before this one.
	 */
	private void finish() {
		List<CompletableFuture<Void>> written = new ArrayList<>();
		for (GatewayConnection c : this.sim.connections) {
			if (!c.isOpen()) {
				continue;
			}
			CompletableFuture<Void> f = new CompletableFuture<>();
			try {
				c.channel.eventLoop().execute(() -> f.complete(null));
			}
			catch (RejectedExecutionException ex) {
				f.complete(null);
			}
			written.add(f);
		}
		CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
			.orTimeout(10, TimeUnit.SECONDS)
			.whenComplete((v, ex) -> this.done.complete(this.sent));
	}

}
