package dev.shard.gateway;

import java.time.Instant;
import java.util.Optional;

/**
 * What is needed to resume a session, e.g. after a process restart or by the next owner of a shard: a checkpoint.
 * <p>
 * Besides the session it records whom it belongs to: the shard id, the shard count and the intents it was
 * identified with. A session only carries the guilds of {@code shardId} of {@code shardCount} and only the events
 * of its intents, so a shard whose count or intents differ must identify instead of resuming it (after a change of
 * {@code shards.total}, shard 3/32 resuming shard 3/16's session would deliver guilds that now belong to shard 19).
 * {@link Shard#resumeFrom(SessionInfo)} checks that with {@link #incompatibility(int, int, long)}. A checkpoint that
 * does not record them (written by an older version, or made with the three-argument constructor) is not resumed.
 * <p>
 * {@link #sequence()} is the last sequence delivered to the shard's sink, not the last one received: dispatches
 * received after it were still in the shard's buffer and are replayed by the resume.
 *
 * @param sessionId the {@code session_id} from READY
 * @param resumeGatewayUrl the {@code resume_gateway_url} from READY
 * @param sequence the last dispatch sequence delivered (handed to the sink and returned)
 * @param shardId the shard the session belongs to, or {@code null} if not recorded
 * @param shardCount the shard count it was identified with, or {@code null} if not recorded
 * @param intents the intents it was identified with, or {@code null} if not recorded
 * @param savedAt when it was saved (set by the store that saved it), or {@code null}
 */
public record SessionInfo(String sessionId, String resumeGatewayUrl, long sequence, Integer shardId,
		Integer shardCount, Long intents, Instant savedAt) {

	/**
	 * A session without the identity it belongs to. {@link Shard#resumeFrom(SessionInfo)} does not resume it: use
	 * {@link #of(String, String, long, int, int, long)} (or {@link Shard#session()}) for one that can be resumed.
	 * @param sessionId the {@code session_id}
	 * @param resumeGatewayUrl the {@code resume_gateway_url}
	 * @param sequence the last sequence delivered
	 */
	public SessionInfo(String sessionId, String resumeGatewayUrl, long sequence) {
		this(sessionId, resumeGatewayUrl, sequence, null, null, null, null);
	}

	/**
	 * A session of shard {@code shardId} of {@code shardCount} identified with {@code intents}, not saved yet.
	 * @param sessionId the {@code session_id}
	 * @param resumeGatewayUrl the {@code resume_gateway_url}
	 * @param sequence the last sequence delivered
	 * @param shardId the shard
	 * @param shardCount the shard count
	 * @param intents the intents
	 * @return the session
	 */
	public static SessionInfo of(String sessionId, String resumeGatewayUrl, long sequence, int shardId,
			int shardCount, long intents) {
		return new SessionInfo(sessionId, resumeGatewayUrl, sequence, shardId, shardCount, intents, null);
	}

	/** The same checkpoint, saved at {@code time} (for stores). */
	public SessionInfo withSavedAt(Instant time) {
		return new SessionInfo(this.sessionId, this.resumeGatewayUrl, this.sequence, this.shardId, this.shardCount,
				this.intents, time);
	}

	/** Whether the shard id, shard count and intents are recorded. */
	public boolean hasIdentity() {
		return this.shardId != null && this.shardCount != null && this.intents != null;
	}

	/**
	 * Why shard {@code shardId} of {@code shardCount} with {@code intents} must not resume this session, if it must
	 * not.
	 * @param shardId the shard that would resume it
	 * @param shardCount that shard's count
	 * @param intents that shard's intents
	 * @return the reason, or empty if it may resume it
	 */
	public Optional<String> incompatibility(int shardId, int shardCount, long intents) {
		if (!hasIdentity()) {
			return Optional.of("the checkpoint does not record its shard count and intents (saved by an older version)");
		}
		if (this.shardId != shardId || this.shardCount != shardCount) {
			return Optional.of("it belongs to shard " + this.shardId + "/" + this.shardCount + ", this is shard "
					+ shardId + "/" + shardCount);
		}
		if (this.intents != intents) {
			return Optional.of("it was identified with intents " + this.intents + ", this shard has " + intents);
		}
		return Optional.empty();
	}

}
