package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.shard.gateway.internal.Envelope;

/**
 * The session a shard resumes (<a href="https://discord.com/developers/docs/events/gateway#resuming">Resuming</a>):
 * its id, {@code resume_gateway_url} and last sequence received, and what decides whether and where to resume it.
 * <p>
 * Threads: written on the current connection's event loop (READY, dispatches, Identify) and under the shard's lock
 * (between connections); read from any thread. The fields are volatile, and {@link #delivered()} reads again when
 * the {@code epoch} moved under it. {@code resumeUrlFailures} is used under the shard's lock only.
 */
final class SessionState {

	/** Attempts on {@code resume_gateway_url} that may fail before Hello before the main URL is used instead. */
	static final int RESUME_URL_ATTEMPTS = 2;

	private final ShardContext context;

	private volatile String id;

	private volatile String resumeUrl;

	private volatile long sequence = Envelope.NO_SEQUENCE;

	/**
	 * Counts sessions (bumped when one is dropped, before the fields are cleared): what the buffer delivered is only
	 * this session's if the buffer's position carries the same epoch.
	 */
	private volatile int epoch;

	private volatile Instant startedAt;

	/** When the last connection that had gone live ended ({@code null} while live or unknown). */
	private volatile Instant disconnectedAt;

	/** Set while the session-start budget is spent: when it resets. */
	private volatile Instant identifyBlockedUntil;

	/** Attempts on {@code resume_gateway_url} in a row that ended before Hello; at two the URL is dropped. */
	private int resumeUrlFailures;

	/** The buffer the session's dispatches go through, once the shard runs. */
	private volatile DispatchBuffer buffer;

	SessionState(ShardContext context) {
		this.context = context;
	}

	/** Whether there is a session to resume. */
	boolean exists() {
		return this.id != null;
	}

	String id() {
		return this.id;
	}

	String resumeUrl() {
		return this.resumeUrl;
	}

	/** The last sequence received, or {@link Envelope#NO_SEQUENCE}. */
	long sequence() {
		return this.sequence;
	}

	/** A dispatch of this session was received. */
	void received(long sequence) {
		this.sequence = sequence;
	}

	/** Where delivery of a buffer created now starts: the sequence of a resumed session, else none (-1). */
	long deliveredSoFar() {
		return (this.id != null) ? Math.max(this.sequence, 0) : -1;
	}

	/** From now on the session's delivered position is the buffer's. */
	void deliverThrough(DispatchBuffer buffer) {
		this.buffer = buffer;
	}

	Optional<Instant> startedAt() {
		return (this.id != null) ? Optional.ofNullable(this.startedAt) : Optional.empty();
	}

	Optional<Instant> identifyBlockedUntil() {
		return Optional.ofNullable(this.identifyBlockedUntil);
	}

	void identifyBlockedUntil(Instant until) {
		this.identifyBlockedUntil = until;
	}

	/** Starts from a saved session; a checkpoint older than the resume window is not resumed (see {@link #expired}). */
	void restore(SessionInfo saved) {
		this.id = saved.sessionId();
		this.resumeUrl = saved.resumeGatewayUrl();
		this.sequence = saved.sequence();
		// a checkpoint is saved while its session is live
		this.disconnectedAt = saved.savedAt();
	}

	/** READY: a new session. */
	void started(String id, String resumeUrl) {
		this.id = id;
		this.resumeUrl = resumeUrl;
		this.startedAt = Instant.now();
	}

	/** A connection ended; if it had gone live, the session's resume window starts now. */
	void connectionEnded(boolean wasLive) {
		if (wasLive) {
			this.disconnectedAt = Instant.now();
		}
	}

	/** Whether the session has been disconnected longer than Discord keeps it (a resume would only earn op 9). */
	boolean expired() {
		Instant since = this.disconnectedAt;
		return this.id != null && since != null
				&& Duration.between(since, Instant.now()).compareTo(this.context.config().sessionResumeWindow()) > 0;
	}

	Instant disconnectedAt() {
		return this.disconnectedAt;
	}

	/**
	 * An attempt on {@code resume_gateway_url} ended. One that fails {@value #RESUME_URL_ATTEMPTS} times in a row
	 * before Hello (refused, no upgrade, no Hello) is dropped: the session is still resumable through the main URL,
	 * which may also be reached when the resume host is down. Caller holds the shard's lock.
	 */
	void resumeUrlAttempt(boolean hello) {
		if (hello) {
			this.resumeUrlFailures = 0;
			return;
		}
		if (++this.resumeUrlFailures >= RESUME_URL_ATTEMPTS && this.resumeUrl != null) {
			this.context.log()
				.warn("Shard {}: resume_gateway_url {} failed {} times in a row; resuming through the main URL",
						this.context.shardId(), this.resumeUrl, this.resumeUrlFailures);
			this.resumeUrl = null;
			this.resumeUrlFailures = 0;
		}
	}

	/** Drops the session: the next connection identifies. */
	void clear() {
		// the epoch first: a reader that saw the old id also sees the epoch change and reads again
		int epoch = this.epoch + 1;
		this.epoch = epoch;
		DispatchBuffer b = this.buffer;
		if (b != null) {
			b.newSession(this.context.shardId(), epoch);
		}
		this.id = null;
		this.resumeUrl = null;
		this.resumeUrlFailures = 0;
		this.disconnectedAt = null;
		this.sequence = Envelope.NO_SEQUENCE;
		this.startedAt = null;
	}

	/**
	 * The session at the last sequence <em>delivered</em> (see {@link Shard#session()}): empty without a session,
	 * and while nothing of the current session has been delivered yet.
	 */
	Optional<SessionInfo> delivered() {
		DispatchBuffer b = this.buffer;
		while (true) {
			int epoch = this.epoch;
			String id = this.id;
			String url = this.resumeUrl;
			long received = this.sequence;
			if (epoch != this.epoch) {
				continue; // a new session started while reading: read again
			}
			if (id == null) {
				return Optional.empty();
			}
			long delivered = Math.max(received, 0);
			if (b != null) {
				long position = b.position();
				if (!DispatchBuffer.isOf(position, epoch)) {
					return Optional.empty();
				}
				delivered = DispatchBuffer.sequenceOf(position);
			}
			return Optional.of(info(id, url, delivered));
		}
	}

	/** The session at the last sequence <em>received</em> (see {@link Shard#receivedSession()}). */
	Optional<SessionInfo> received() {
		String id = this.id;
		return (id != null) ? Optional.of(info(id, this.resumeUrl, Math.max(this.sequence, 0))) : Optional.empty();
	}

	private SessionInfo info(String id, String url, long sequence) {
		ShardContext c = this.context;
		return SessionInfo.of(id, url, sequence, c.shardId(), c.totalShards(), c.config().intents());
	}

}
