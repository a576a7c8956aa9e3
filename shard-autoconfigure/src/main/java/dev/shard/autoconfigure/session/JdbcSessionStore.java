package dev.shard.autoconfigure.session;

import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.SessionStore;
import dev.shard.gateway.SessionStoreException;

/**
 * Shards' sessions in a table of a relational database (PostgreSQL, MariaDB or MySQL), one row per shard id, for
 * bots whose processes share a database but no volume or Redis: a restarted process, or the next one of a rolling
 * deploy, resumes them.
 * <p>
 * The table ({@value #DEFAULT_TABLE_NAME} by default; DDL in {@link JdbcSessionStoreSchema}) has the columns
 * {@code shard_id} (primary key), {@code session_id}, {@code resume_url}, {@code seq}, {@code shard_count},
 * {@code intents}, {@code saved_at} (epoch milliseconds), {@code lock_owner} and {@code lock_expires} (epoch
 * milliseconds). A row may hold a session, a lock, or both: a row without a {@code session_id} is a shard without a
 * saved session. The {@link SessionInfo#shardId() shard id} of a loaded session is its row's. A session id lets
 * whoever also has the bot token resume the session: grant access to the table accordingly. This store never logs
 * session ids.
 * <p>
 * Writes are plain upserts that work on every supported database (an {@code UPDATE}, an {@code INSERT} if no row
 * was there, and the {@code UPDATE} again if another writer inserted it in between). Fencing tokens are ignored:
 * two processes do not write one shard's session as long as they take its {@link #lock(int, Duration) lock}.
 * <p>
 * <b>Locks.</b> A lock is a lease in the shard's row: {@code lock_owner} names this store (a random id with the
 * process id and host) and {@code lock_expires} ends it after the lock TTL (30 s by
 * default) unless renewed, which the holder does every third of the TTL until it releases the lock. So two live
 * processes, e.g. the old and the new pod of a Kubernetes rolling update, never resume one session: the new one waits
 * until the old one has written its final checkpoint and released the shard. A process that dies without releasing
 * leaves the lock to expire after at most the TTL. Expiry is decided with the clocks of the processes that take
 * locks: keep them synchronized (NTP) to well within the TTL. A holder that could not renew for longer than the TTL
 * (database unreachable, process suspended) may lose the lock to another process; it logs so.
 * <p>
 * All JDBC work runs on {@link Schedulers#boundedElastic()}.
 */
public final class JdbcSessionStore implements SessionStore {

	private static final Logger logger = LoggerFactory.getLogger(JdbcSessionStore.class);

	/** The table of the shipped schema scripts, and the default of the starter. */
	public static final String DEFAULT_TABLE_NAME = "discord_gateway_session";

	/** How long a lock lasts after its last renewal, by default. */
	public static final Duration DEFAULT_LOCK_TTL = Duration.ofSeconds(30);

	/** A table name, optionally schema-qualified: it is part of the SQL, so nothing else is allowed in it. */
	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final Duration POLL = Duration.ofMillis(100);

	private static final int OWNER_LENGTH = 255;

	private final JdbcClient jdbc;

	private final String table;

	private final Duration lockTtl;

	private final String owner;

	/** Locks this store holds (or is taking), by shard: a second lock of one shard in this store waits. */
	private final Map<Integer, Lease> held = new ConcurrentHashMap<>();

	private final String selectSession;

	private final String updateSession;

	private final String insertSession;

	private final String deleteUnlockedRow;

	private final String clearSession;

	private final String acquireLock;

	private final String insertLock;

	private final String selectLock;

	private final String renewLock;

	private final String deleteLockRow;

	private final String releaseLock;

	/**
	 * A store in {@code tableName}, with locks of the {@link #DEFAULT_LOCK_TTL default TTL}.
	 * @param jdbc the database
	 * @param tableName the table, optionally schema-qualified (letters, digits and {@code _})
	 */
	public JdbcSessionStore(JdbcClient jdbc, String tableName) {
		this(jdbc, tableName, DEFAULT_LOCK_TTL);
	}

	/**
	 * A store in {@code tableName}.
	 * @param jdbc the database
	 * @param tableName the table, optionally schema-qualified (letters, digits and {@code _})
	 * @param lockTtl how long a lock lasts after its last renewal (renewed every third of it): how long the shards
	 * of a process that died without releasing them stay locked
	 */
	public JdbcSessionStore(JdbcClient jdbc, String tableName, Duration lockTtl) {
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
		this.table = requireTableName(tableName);
		Objects.requireNonNull(lockTtl, "lockTtl");
		if (lockTtl.toMillis() < 3) {
			throw new IllegalArgumentException("lockTtl must be at least 3 ms, not " + lockTtl);
		}
		this.lockTtl = lockTtl;
		this.owner = newOwner();
		String t = this.table;
		this.selectSession = "SELECT session_id, resume_url, seq, shard_count, intents, saved_at FROM " + t
				+ " WHERE shard_id = ?";
		this.updateSession = "UPDATE " + t + " SET session_id = ?, resume_url = ?, seq = ?, shard_count = ?, "
				+ "intents = ?, saved_at = ? WHERE shard_id = ?";
		this.insertSession = "INSERT INTO " + t
				+ " (session_id, resume_url, seq, shard_count, intents, saved_at, shard_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
		this.deleteUnlockedRow = "DELETE FROM " + t + " WHERE shard_id = ? AND (lock_owner IS NULL "
				+ "OR lock_expires IS NULL OR lock_expires < ?)";
		this.clearSession = "UPDATE " + t + " SET session_id = NULL, resume_url = NULL, seq = NULL, "
				+ "shard_count = NULL, intents = NULL, saved_at = NULL WHERE shard_id = ?";
		this.acquireLock = "UPDATE " + t + " SET lock_owner = ?, lock_expires = ? WHERE shard_id = ? AND "
				+ "(lock_owner IS NULL OR lock_expires IS NULL OR lock_expires < ? OR lock_owner = ?)";
		this.insertLock = "INSERT INTO " + t + " (shard_id, lock_owner, lock_expires) VALUES (?, ?, ?)";
		this.selectLock = "SELECT lock_owner, lock_expires FROM " + t + " WHERE shard_id = ?";
		this.renewLock = "UPDATE " + t + " SET lock_expires = ? WHERE shard_id = ? AND lock_owner = ?";
		this.deleteLockRow = "DELETE FROM " + t + " WHERE shard_id = ? AND lock_owner = ? AND session_id IS NULL";
		this.releaseLock = "UPDATE " + t + " SET lock_owner = NULL, lock_expires = NULL "
				+ "WHERE shard_id = ? AND lock_owner = ?";
	}

	/**
	 * The table name, if it is one: letters, digits and {@code _}, not starting with a digit, optionally
	 * schema-qualified ({@code schema.table}). It is part of the SQL statements, so nothing else may be in it.
	 * @param tableName the name
	 * @return the name
	 * @throws IllegalArgumentException if it is not a table name
	 */
	static String requireTableName(String tableName) {
		Objects.requireNonNull(tableName, "tableName");
		if (!TABLE_NAME.matcher(tableName).matches()) {
			throw new IllegalArgumentException("'" + tableName + "' is not a table name: use letters, digits and _ "
					+ "(not starting with a digit), optionally schema-qualified (schema.table)");
		}
		return tableName;
	}

	private static String newOwner() {
		// "pid@host" on HotSpot and OpenJ9, and a random id: two stores of one process are two owners
		String process = ManagementFactory.getRuntimeMXBean().getName();
		String id = UUID.randomUUID().toString();
		int room = OWNER_LENGTH - id.length() - 1;
		return ((process.length() > room) ? process.substring(0, room) : process) + "/" + id;
	}

	/** This store's {@code lock_owner}. */
	String owner() {
		return this.owner;
	}

	Duration lockTtl() {
		return this.lockTtl;
	}

	public String tableName() {
		return this.table;
	}

	@Override
	public Mono<Optional<SessionInfo>> load(int shardId) {
		return Mono.fromCallable(() -> read(shardId)).subscribeOn(Schedulers.boundedElastic());
	}

	private Optional<SessionInfo> read(int shardId) {
		Optional<Row> row;
		try {
			row = this.jdbc.sql(this.selectSession).param(shardId).query(JdbcSessionStore::row).optional();
		}
		catch (DataAccessException ex) {
			throw failure(shardId, "could not be read", ex);
		}
		if (row.isEmpty() || row.get().sessionId() == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(row.get().session(shardId));
		}
		catch (IllegalArgumentException ex) {
			throw new SessionStoreException("The saved session of shard " + shardId + " in table " + this.table
					+ " is unreadable: " + ex.getMessage(), ex);
		}
	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		return new Row(rs.getString("session_id"), rs.getString("resume_url"), longOrNull(rs, "seq"),
				intOrNull(rs, "shard_count"), longOrNull(rs, "intents"), longOrNull(rs, "saved_at"));
	}

	private static @Nullable Long longOrNull(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	/**
	 * Save a shard's session.
	 * @param shardId the shard
	 * @param session what to save ({@link SessionInfo#savedAt()} set to now if {@code null}); its shard id, if
	 * recorded, must be {@code shardId}
	 * @param fencingToken ignored: this store does not fence writes (its locks keep two processes from writing one
	 * shard's session)
	 * @return {@code true}
	 */
	@Override
	public Mono<Boolean> save(int shardId, SessionInfo session, long fencingToken) {
		Objects.requireNonNull(session, "session");
		Objects.requireNonNull(session.sessionId(), "session.sessionId");
		if (session.shardId() != null && session.shardId() != shardId) {
			throw new IllegalArgumentException(
					"A session of shard " + session.shardId() + " cannot be saved as shard " + shardId);
		}
		return Mono.fromCallable(() -> {
			write(shardId, (session.savedAt() != null) ? session : session.withSavedAt(Instant.now()));
			return true;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private void write(int shardId, SessionInfo session) {
		try {
			if (updateSession(shardId, session) > 0) {
				return;
			}
			try {
				this.jdbc.sql(this.insertSession).params(sessionValues(shardId, session)).update();
			}
			catch (DataIntegrityViolationException ex) {
				// Another writer inserted the row after the update found none (a lock row, or a race): update it.
				// A duplicate key whose update reports no change is a row that already holds these values
				// (MySQL connections with useAffectedRows=true count changed rows, not matched ones).
				if (updateSession(shardId, session) == 0 && !(ex instanceof DuplicateKeyException)) {
					throw ex;
				}
			}
		}
		catch (DataAccessException ex) {
			throw failure(shardId, "could not be saved", ex);
		}
	}

	private int updateSession(int shardId, SessionInfo session) {
		return this.jdbc.sql(this.updateSession).params(sessionValues(shardId, session)).update();
	}

	private static Object[] sessionValues(int shardId, SessionInfo session) {
		Instant savedAt = session.savedAt();
		return new Object[] { session.sessionId(), new SqlParameterValue(Types.VARCHAR, session.resumeGatewayUrl()),
				session.sequence(), new SqlParameterValue(Types.INTEGER, session.shardCount()),
				new SqlParameterValue(Types.BIGINT, session.intents()),
				new SqlParameterValue(Types.BIGINT, (savedAt != null) ? savedAt.toEpochMilli() : null), shardId };
	}

	/**
	 * Forget a shard's session: its row is deleted, or, while a lock is held on it, only the session is cleared.
	 * @param shardId the shard
	 * @param fencingToken ignored, as by {@link #save(int, SessionInfo, long)}
	 * @return {@code true}
	 */
	@Override
	public Mono<Boolean> delete(int shardId, long fencingToken) {
		return Mono.fromCallable(() -> {
			try {
				if (this.jdbc.sql(this.deleteUnlockedRow).params(shardId, now()).update() == 0) {
					this.jdbc.sql(this.clearSession).param(shardId).update();
				}
			}
			catch (DataAccessException ex) {
				throw failure(shardId, "could not be deleted", ex);
			}
			return true;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Take a shard's lock: at once if no live process holds it, else by asking again every 100 ms until it is
	 * released or has expired, for at most {@code wait}. Held until {@link SessionLock#release()}, renewed in the
	 * background meanwhile.
	 * @param shardId the shard
	 * @param wait how long to wait for another holder to release it
	 * @return the lock, empty if another holder still had it after {@code wait}, or an error
	 * ({@link SessionStoreException}) if the database could not be asked
	 */
	@Override
	public Mono<SessionLock> lock(int shardId, Duration wait) {
		Objects.requireNonNull(wait, "wait");
		return Mono.defer(() -> {
			long deadline = System.nanoTime() + saturatedNanos(wait);
			Acquisition acquisition = new Acquisition(shardId);
			return Mono.fromCallable(acquisition::attempt)
				.subscribeOn(Schedulers.boundedElastic())
				.repeatWhenEmpty((attempts) -> attempts.takeWhile((n) -> System.nanoTime() - deadline < 0)
					.concatMap((n) -> Mono.delay(POLL)))
				.doOnCancel(acquisition::cancel)
				.doOnNext((lock) -> acquisition.delivered = true);
		});
	}

	private static long saturatedNanos(Duration wait) {
		if (wait.isNegative()) {
			return 0;
		}
		long limit = Long.MAX_VALUE / 4; // decades; keeps nanoTime() + it from overflowing
		return (wait.compareTo(Duration.ofNanos(limit)) > 0) ? limit : wait.toNanos();
	}

	/** One {@link #lock(int, Duration)}: its attempts, and the release of a lock taken after it was cancelled. */
	private final class Acquisition {

		private final int shardId;

		private volatile boolean cancelled;

		private volatile boolean delivered;

		private volatile @Nullable Lease acquired;

		private volatile @Nullable String loggedHolder;

		Acquisition(int shardId) {
			this.shardId = shardId;
		}

		/** The lock, or {@code null} if someone else holds it. */
		@Nullable SessionLock attempt() {
			Lease lease = new Lease(this.shardId);
			if (JdbcSessionStore.this.held.putIfAbsent(this.shardId, lease) != null) {
				waiting("another user of this store, in this process", null);
				return null;
			}
			boolean taken = false;
			try {
				taken = take();
			}
			catch (DataAccessException ex) {
				throw new SessionStoreException("The session lock of shard " + this.shardId + " in table "
						+ JdbcSessionStore.this.table + " could not be taken: " + ex.getMessage(), ex);
			}
			finally {
				if (!taken) {
					JdbcSessionStore.this.held.remove(this.shardId, lease);
				}
			}
			if (!taken) {
				return null;
			}
			lease.startRenewing();
			this.acquired = lease;
			if (this.cancelled) {
				lease.release();
				return null;
			}
			return lease;
		}

		private boolean take() {
			JdbcClient jdbc = JdbcSessionStore.this.jdbc;
			String owner = JdbcSessionStore.this.owner;
			for (int i = 0; i < 2; i++) {
				long now = now();
				if (jdbc.sql(acquireLock)
					.params(owner, now + JdbcSessionStore.this.lockTtl.toMillis(), this.shardId, now, owner)
					.update() > 0) {
					return true;
				}
				Optional<Holder> holder = holder(this.shardId);
				if (holder.isPresent()) {
					waiting(holder.get().owner(), holder.get().expires());
					return false;
				}
				try {
					jdbc.sql(insertLock)
						.params(this.shardId, owner, now + JdbcSessionStore.this.lockTtl.toMillis())
						.update();
					return true;
				}
				catch (DuplicateKeyException ex) {
					// created in between (a save, or another process's lock): ask again
				}
			}
			return false;
		}

		private void waiting(@Nullable String holder, @Nullable Long expires) {
			String who = (holder != null) ? holder : "another process";
			if (!who.equals(this.loggedHolder)) {
				this.loggedHolder = who;
				if (expires != null) {
					logger.info("Shard {}: its session is held by {} until {}; waiting", this.shardId, who,
							Instant.ofEpochMilli(expires));
				}
				else {
					logger.info("Shard {}: its session is held by {}; waiting", this.shardId, who);
				}
			}
		}

		void cancel() {
			this.cancelled = true;
			Lease lease = this.acquired;
			if (lease != null && !this.delivered) {
				lease.release();
			}
		}

	}

	private Optional<Holder> holder(int shardId) {
		return this.jdbc.sql(this.selectLock)
			.param(shardId)
			.query((rs, n) -> new Holder(rs.getString("lock_owner"), longOrNull(rs, "lock_expires")))
			.optional();
	}

	/** A held lock: renewed every third of the TTL until released (or lost). */
	final class Lease implements SessionLock {

		private final int shardId;

		private final AtomicBoolean released = new AtomicBoolean();

		private volatile @Nullable Disposable renewal;

		Lease(int shardId) {
			this.shardId = shardId;
		}

		void startRenewing() {
			Duration period = Duration.ofMillis(Math.max(1, JdbcSessionStore.this.lockTtl.toMillis() / 3));
			this.renewal = Flux.interval(period, period)
				.onBackpressureDrop()
				.concatMap((tick) -> Mono.fromRunnable(this::renew).subscribeOn(Schedulers.boundedElastic()), 1)
				.subscribe();
		}

		/** Stop renewing without releasing, as a process that hangs or died would (for tests). */
		void stopRenewing() {
			Disposable renewal = this.renewal;
			if (renewal != null) {
				renewal.dispose();
			}
		}

		private void renew() {
			if (this.released.get()) {
				return;
			}
			String table = JdbcSessionStore.this.table;
			try {
				int renewed = JdbcSessionStore.this.jdbc.sql(renewLock)
					.params(now() + JdbcSessionStore.this.lockTtl.toMillis(), this.shardId, JdbcSessionStore.this.owner)
					.update();
				if (renewed == 0 && !this.released.get()) {
					stopRenewing();
					String holder = holder(this.shardId).map(Holder::owner).orElse(null);
					logger.warn("Shard {}: its session lock in {} expired before it could be renewed and is now {}; "
							+ "this process no longer holds it", this.shardId, table,
							(holder != null) ? "held by " + holder : "free");
				}
			}
			catch (DataAccessException ex) {
				logger.warn("Shard {}: its session lock in {} could not be renewed ({}); it expires {} s after its "
						+ "last renewal", this.shardId, table, ex.getMessage(),
						JdbcSessionStore.this.lockTtl.toSeconds());
			}
		}

		/**
		 * Release the lock: at once, or, on a thread that must not block (e.g. an event loop), in the background.
		 */
		@Override
		public void release() {
			if (!this.released.compareAndSet(false, true)) {
				return;
			}
			stopRenewing();
			if (Schedulers.isInNonBlockingThread()) {
				Mono.fromRunnable(this::unlock).subscribeOn(Schedulers.boundedElastic()).subscribe();
			}
			else {
				unlock();
			}
		}

		private void unlock() {
			JdbcClient jdbc = JdbcSessionStore.this.jdbc;
			String owner = JdbcSessionStore.this.owner;
			try {
				if (jdbc.sql(deleteLockRow).params(this.shardId, owner).update() == 0) {
					jdbc.sql(releaseLock).params(this.shardId, owner).update();
				}
			}
			catch (DataAccessException ex) {
				logger.warn("Shard {}: its session lock in {} could not be released ({}); it expires {} s after its "
						+ "last renewal", this.shardId, JdbcSessionStore.this.table, ex.getMessage(),
						JdbcSessionStore.this.lockTtl.toSeconds());
			}
			finally {
				// only now: a lock of this shard taken by this store before the release could be undone by it
				JdbcSessionStore.this.held.remove(this.shardId, this);
			}
		}

	}

	private SessionStoreException failure(int shardId, String what, DataAccessException ex) {
		return new SessionStoreException(
				"The session of shard " + shardId + " in table " + this.table + " " + what + ": " + ex.getMessage(), ex);
	}

	private static long now() {
		return System.currentTimeMillis();
	}

	@Override
	public String description() {
		return "jdbc (" + this.table + ")";
	}

	/** A shard's row, as read. */
	private record Row(@Nullable String sessionId, @Nullable String resumeUrl, @Nullable Long seq,
			@Nullable Integer shardCount, @Nullable Long intents, @Nullable Long savedAt) {

		/** The session, if the values make one (never with the session id in the message). */
		SessionInfo session(int shardId) {
			String id = Objects.requireNonNull(this.sessionId);
			if (id.isBlank()) {
				throw new IllegalArgumentException("its session_id is blank");
			}
			if (this.seq == null) {
				throw new IllegalArgumentException("it has a session_id but no seq");
			}
			if (this.seq < 0) {
				throw new IllegalArgumentException("its seq is negative (" + this.seq + ")");
			}
			if (this.shardCount != null && this.shardCount <= 0) {
				throw new IllegalArgumentException("its shard_count is " + this.shardCount);
			}
			if (this.shardCount != null && shardId >= this.shardCount) {
				throw new IllegalArgumentException(
						"shard " + shardId + " cannot be in a shard_count of " + this.shardCount);
			}
			if (this.intents != null && this.intents < 0) {
				throw new IllegalArgumentException("its intents are negative (" + this.intents + ")");
			}
			return new SessionInfo(id, this.resumeUrl, this.seq, shardId, this.shardCount, this.intents,
					(this.savedAt != null) ? Instant.ofEpochMilli(this.savedAt) : null);
		}

	}

	/** Who holds a shard's lock, and until when. */
	private record Holder(@Nullable String owner, @Nullable Long expires) {
	}

}
