package dev.shard.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link ShardManager} with a {@link SessionStore} found for a shard when it started it: whether the shard
 * was handed a stored session to resume, and if not, why it identified.
 *
 * @param store the store's {@link SessionStore#description() description}
 * @param outcome what was done
 * @param savedAt when the stored session was saved, or {@code null} (none, or not recorded)
 * @param age how old it was when loaded, or {@code null}
 * @param reason why it was not resumed ({@code null} when it was)
 */
public record SessionRestore(String store, Outcome outcome, Instant savedAt, Duration age, String reason) {

	/** Whether the shard was started from a stored session. */
	public boolean restored() {
		return this.outcome == Outcome.RESTORED;
	}

	/** {@link #age()}, if known. */
	public Optional<Duration> ageIfKnown() {
		return Optional.ofNullable(this.age);
	}

	/**
	 * For health and management endpoints: store, outcome ({@code restored}, {@code none}, {@code rejected},
	 * {@code lock-timeout}), savedAt and age (ISO-8601) when known, reason when not restored. No session id.
	 * @return the details, in that order
	 */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("store", this.store);
		details.put("outcome", this.outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		if (this.savedAt != null) {
			details.put("savedAt", this.savedAt.toString());
		}
		if (this.age != null) {
			details.put("age", this.age.toString());
		}
		if (this.reason != null) {
			details.put("reason", this.reason);
		}
		return details;
	}

	/** What a start found in the store. */
	public enum Outcome {

		/** A stored session was handed to the shard, which resumes it (Discord may still refuse it with op 9). */
		RESTORED,

		/** Nothing was stored: the shard identified. */
		NONE,

		/** A stored session was not used (too old, another shard count or intents, unreadable): it identified. */
		REJECTED,

		/** Another process still held the shard's lock after the wait: it identified a new session. */
		LOCK_TIMEOUT

	}

}
