package dev.shard.cluster;

import reactor.core.publisher.Mono;

import dev.shard.gateway.SessionCheckpointer;

/**
 * A shard lease this instance holds: the layout generation it belongs to, its fencing token, when it was last
 * renewed, the shard's start-up and the checkpoints of its session.
 */
final class Lease {

	private final int generation;

	private final int shardId;

	private final long token;

	private final Mono<Void> startup;

	/** When the lease was last renewed ({@code System.nanoTime()}). */
	volatile long lastRenewed;

	/** The session checkpoints written with this lease's token, if checkpointing. */
	volatile SessionCheckpointer.Tracked tracked;

	/** Whether the outage that keeps this lease from being renewed was logged. */
	volatile boolean outageLogged;

	Lease(int generation, int shardId, long token, long lastRenewed, Mono<Void> startup) {
		this.generation = generation;
		this.shardId = shardId;
		this.token = token;
		this.lastRenewed = lastRenewed;
		this.startup = startup;
	}

	/** The layout generation (see {@link ShardLayout}) whose lease keys this lease lives under. */
	int generation() {
		return this.generation;
	}

	int shardId() {
		return this.shardId;
	}

	long token() {
		return this.token;
	}

	/** Completes once the shard's start (until READY or RESUMED) is over, however it ended. */
	Mono<Void> startup() {
		return this.startup;
	}

}
