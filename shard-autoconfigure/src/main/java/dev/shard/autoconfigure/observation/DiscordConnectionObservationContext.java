package dev.shard.autoconfigure.observation;

import dev.shard.gateway.ReconnectCause;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Context of the observation of one gateway connection attempt ({@link DiscordObservationDocumentation#CONNECTION}).
 * The outcome is set when the attempt ends.
 */
public class DiscordConnectionObservationContext extends Observation.Context {

	/** Outcome: READY received, a new session. */
	public static final String READY = "ready";

	/** Outcome: RESUMED received. */
	public static final String RESUMED = "resumed";

	/** Outcome: the attempt failed and another follows ({@link #getCause()} says why). */
	public static final String RECONNECTING = "reconnecting";

	/** Outcome: a fatal close or error; the shard stopped. */
	public static final String FATALLY_CLOSED = "fatally_closed";

	/** Outcome: the shard was shut down during the attempt. */
	public static final String SHUT_DOWN = "shut_down";

	/** Outcome: the attempt ended with no outcome seen, e.g. the shards were stopped while it was under way. */
	public static final String ABANDONED = "abandoned";

	private final int shardId;

	private final String url;

	private final boolean resume;

	private volatile @Nullable String outcome;

	private volatile @Nullable ReconnectCause cause;

	/**
	 * Create a context.
	 * @param shardId the shard
	 * @param url the gateway URL it connects to (it never contains the token)
	 * @param resume whether it resumes the session (otherwise it identifies)
	 */
	public DiscordConnectionObservationContext(int shardId, String url, boolean resume) {
		this.shardId = shardId;
		this.url = url;
		this.resume = resume;
	}

	/** The shard. */
	public int getShardId() {
		return this.shardId;
	}

	/** The gateway URL of the attempt. */
	public String getUrl() {
		return this.url;
	}

	/** Whether the attempt resumes a session (otherwise it identifies). */
	public boolean isResume() {
		return this.resume;
	}

	/** How the attempt ended (one of the constants of this class), {@code null} while it is under way. */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the attempt ended.
	 * @param outcome one of the constants of this class
	 */
	public void setOutcome(@Nullable String outcome) {
		this.outcome = outcome;
	}

	/** Why the attempt failed, when its outcome is {@link #RECONNECTING}. */
	public @Nullable ReconnectCause getCause() {
		return this.cause;
	}

	/**
	 * Set why the attempt failed.
	 * @param cause the reconnect's cause
	 */
	public void setCause(@Nullable ReconnectCause cause) {
		this.cause = cause;
	}

}
