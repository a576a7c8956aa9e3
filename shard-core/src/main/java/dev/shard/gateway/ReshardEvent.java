package dev.shard.gateway;

import java.time.Duration;

/**
 * What a re-shard of a {@link ShardManager} does ({@link ShardManager#reshard(int)}, {@link ShardManager#reshards()}):
 * it starts the new layout beside the old one, switches when every new shard is READY with its guilds, and closes
 * the old layout. The old layout stays connected and delivering until the switch, so nothing is offline meanwhile.
 */
public sealed interface ReshardEvent {

	/** The shard count before. */
	int from();

	/** The shard count after. */
	int to();

	/**
	 * A re-shard began: the new layout's shards identify, at the limiter's pace.
	 *
	 * @param from the shard count before
	 * @param to the shard count after
	 * @param cause why ("requested", "recommended", or the close code that required it)
	 */
	record Started(int from, int to, String cause) implements ReshardEvent {
	}

	/**
	 * More of the new layout's shards are ready (READY, and the guilds it announced have arrived).
	 *
	 * @param from the shard count before
	 * @param to the shard count after
	 * @param ready how many of this process's new shards are ready
	 * @param total how many new shards this process runs
	 */
	record Progress(int from, int to, int ready, int total) implements ReshardEvent {
	}

	/**
	 * The new layout took over: from now on it delivers, and the old one was closed with 1000.
	 *
	 * @param from the shard count before
	 * @param to the shard count after
	 * @param took from start to switch
	 * @param handedOver dispatches the new layout had received before it took over and delivered at the switch
	 * (the old layout had not)
	 */
	record Switched(int from, int to, Duration took, long handedOver) implements ReshardEvent {
	}

	/**
	 * The re-shard was given up; the old layout runs on as before.
	 *
	 * @param from the shard count before
	 * @param to the shard count it tried
	 * @param reason why
	 */
	record Failed(int from, int to, String reason) implements ReshardEvent {
	}

}
