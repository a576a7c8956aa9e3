package dev.shard.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.lettuce.core.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.SessionStore;
import dev.shard.gateway.ShardConfig;

/**
 * Each shard's resumable session ({@code session_id}, {@code resume_gateway_url}, last delivered sequence, and the
 * shard id, shard count and intents it belongs to, with the time it was saved) in Redis, under
 * {@code <prefix>:session:<shardId>}, so that a restarted or replacement instance resumes instead of identifying.
 * After a re-shard across instances the store works on the new {@link ShardLayout layout generation}'s keys
 * ({@code <prefix>:g<generation>:session:<shardId>}, see {@link #useGeneration(int)}): the lease fencing tokens
 * start afresh with each generation, and no session of an old layout is resumed into a new one.
 * <p>
 * The shard count and intents are stored along with the {@code session_id} they describe ({@code meta_of}): a
 * checkpoint written by an older version has none (or another session's, which an older writer left in place)
 * and is read without them, which {@link dev.shard.gateway.Shard#resumeFrom} does not resume.
 * <p>
 * Writes carry the writer's lease fencing token: a write with a token older than the stored one is refused, so an
 * instance that lost a shard cannot overwrite the new owner's checkpoint. Entries expire after the configured TTL
 * (refreshed by every checkpoint): Discord only keeps a disconnected session for a few minutes, so an older
 * checkpoint would only cost a failed resume.
 * <p>
 * <b>Duplicate window.</b> Checkpoints are asynchronous (see {@link SessionCheckpointer}), so the stored sequence
 * can lag the last dispatch the previous owner delivered by up to one checkpoint interval (or N events, or
 * everything since the last checkpoint if the owner died). Resuming from it makes Discord replay the dispatches
 * after the stored sequence; those the previous owner had already delivered are delivered again. Handlers that
 * must be exactly-once need their own idempotency (e.g. on message ids).
 */
public final class RedisSessionStore implements SessionStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisSessionStore.class);

	/** Default lifetime of a checkpoint. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

	// KEYS: session. ARGV: session_id, resume url, seq, fence, ttl ms, shard id, shard count, intents, saved at ms.
	// Reply: 1 written, 0 refused (older fence). Empty shard count or intents: not recorded.
	static final String SAVE_SCRIPT = """
			local stored = redis.call('HGET', KEYS[1], 'fence')
			if stored and tonumber(stored) > tonumber(ARGV[4]) then return '0' end
			local seq = redis.call('HGET', KEYS[1], 'seq')
			local sid = redis.call('HGET', KEYS[1], 'session_id')
			if stored and tonumber(stored) == tonumber(ARGV[4]) and sid == ARGV[1] and seq
					and tonumber(seq) > tonumber(ARGV[3]) then
				redis.call('PEXPIRE', KEYS[1], ARGV[5])
				return '1'
			end
			redis.call('HSET', KEYS[1], 'session_id', ARGV[1], 'resume_url', ARGV[2], 'seq', ARGV[3], 'fence', ARGV[4])
			if ARGV[7] ~= '' and ARGV[8] ~= '' then
				redis.call('HSET', KEYS[1], 'meta_of', ARGV[1], 'shard_id', ARGV[6], 'shard_count', ARGV[7],
						'intents', ARGV[8], 'saved_at', ARGV[9])
			else
				redis.call('HDEL', KEYS[1], 'meta_of', 'shard_id', 'shard_count', 'intents', 'saved_at')
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			return '1'
			""";

	// KEYS: session. ARGV: fence. Deletes unless a newer owner wrote it.
	static final String DELETE_SCRIPT = """
			local stored = redis.call('HGET', KEYS[1], 'fence')
			if stored and tonumber(stored) > tonumber(ARGV[1]) then return '0' end
			redis.call('DEL', KEYS[1])
			return '1'
			""";

	private final ClusterRedisClient redis;

	private final String prefix;

	private final Duration ttl;

	private volatile int generation;

	public RedisSessionStore(ClusterRedisClient redis, String keyPrefix) {
		this(redis, keyPrefix, DEFAULT_TTL);
	}

	public RedisSessionStore(ClusterRedisClient redis, String keyPrefix, Duration ttl) {
		this.redis = Objects.requireNonNull(redis, "redis");
		this.prefix = ClusterRedisClient.requireText(keyPrefix, "keyPrefix");
		this.ttl = ShardConfig.requirePositive(ttl, "ttl");
	}

	/**
	 * The saved session of a shard, empty if there is none (or it is unreadable: logged, then ignored). One saved by
	 * an older version comes without shard count and intents.
	 */
	@Override
	public Mono<Optional<SessionInfo>> load(int shardId) {
		return this.redis
			.execute((c) -> c.hmget(key(shardId), "session_id", "resume_url", "seq", "meta_of", "shard_id",
					"shard_count", "intents", "saved_at")
				.collectList())
			.map((values) -> parse(shardId, values));
	}

	private Optional<SessionInfo> parse(int shardId, List<KeyValue<String, String>> values) {
		if (values.size() != 8 || values.subList(0, 3).stream().anyMatch((kv) -> !kv.hasValue())) {
			return Optional.empty();
		}
		String sessionId = values.get(0).getValue();
		SessionInfo session;
		try {
			session = new SessionInfo(sessionId, values.get(1).getValue(), Long.parseLong(values.get(2).getValue()));
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring an unreadable saved session of shard {}", shardId);
			return Optional.empty();
		}
		if (!sessionId.equals(value(values, 3))) {
			return Optional.of(session); // saved without (or with another session's) shard count and intents
		}
		try {
			String savedAt = value(values, 7);
			return Optional.of(new SessionInfo(sessionId, session.resumeGatewayUrl(), session.sequence(),
					Integer.valueOf(value(values, 4)), Integer.valueOf(value(values, 5)),
					Long.valueOf(value(values, 6)),
					(savedAt != null) ? Instant.ofEpochMilli(Long.parseLong(savedAt)) : null));
		}
		catch (NumberFormatException ex) {
			logger.warn("Saved session of shard {} has an unreadable shard count or intents; it will not be resumed",
					shardId);
			return Optional.of(session);
		}
	}

	private static String value(List<KeyValue<String, String>> values, int index) {
		KeyValue<String, String> kv = values.get(index);
		return kv.hasValue() ? kv.getValue() : null;
	}

	/**
	 * Store a checkpoint. A lower sequence of the same session and fence never overwrites a higher one.
	 * @param shardId the shard
	 * @param session what to save
	 * @param fencingToken the writer's lease token (0 without leases)
	 * @return {@code true} if written, {@code false} if a newer owner's checkpoint is there
	 */
	@Override
	public Mono<Boolean> save(int shardId, SessionInfo session, long fencingToken) {
		Objects.requireNonNull(session, "session");
		return Mono.defer(() -> {
			Instant savedAt = (session.savedAt() != null) ? session.savedAt() : Instant.now();
			return this.redis.eval(SAVE_SCRIPT, new String[] { key(shardId) }, session.sessionId(),
					String.valueOf(session.resumeGatewayUrl()), Long.toString(session.sequence()),
					Long.toString(fencingToken), Long.toString(this.ttl.toMillis()), text(session.shardId()),
					text(session.shardCount()), text(session.intents()), Long.toString(savedAt.toEpochMilli()));
		}).map("1"::equals);
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

	/** Forget a shard's session (after a FINAL shutdown), unless a newer owner wrote it. */
	@Override
	public Mono<Boolean> delete(int shardId, long fencingToken) {
		return this.redis.eval(DELETE_SCRIPT, new String[] { key(shardId) }, Long.toString(fencingToken))
			.map("1"::equals);
	}

	/** Forget a shard's session of a given layout generation, unless a newer owner wrote it. */
	public Mono<Boolean> delete(int generation, int shardId, long fencingToken) {
		return this.redis.eval(DELETE_SCRIPT, new String[] { key(generation, shardId) }, Long.toString(fencingToken))
			.map("1"::equals);
	}

	/**
	 * Work on the keys of another layout generation from now on (the lease manager calls this when its instance
	 * follows a re-shard; the keys of generation 0 are those of a store that never re-sharded).
	 * @param generation the layout generation
	 */
	public void useGeneration(int generation) {
		if (generation < 0) {
			throw new IllegalArgumentException("generation must not be negative");
		}
		this.generation = generation;
	}

	/** The layout generation whose keys this store works on. */
	public int generation() {
		return this.generation;
	}

	@Override
	public String description() {
		return "redis (" + ShardLayout.keyPrefix(this.prefix, this.generation) + ":session:<shard>)";
	}

	String key(int shardId) {
		return key(this.generation, shardId);
	}

	String key(int generation, int shardId) {
		return ShardLayout.keyPrefix(this.prefix, generation) + ":session:" + shardId;
	}

}
