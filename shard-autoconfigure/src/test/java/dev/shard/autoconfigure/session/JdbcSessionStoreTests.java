package dev.shard.autoconfigure.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Driver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.SessionStore.SessionLock;
import dev.shard.gateway.SessionStoreException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link JdbcSessionStore} and {@link JdbcSessionStoreSchema} on real PostgreSQL (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}) and MariaDB (127.0.0.1:3306, database {@code test}, user {@code root}), each
 * test on a table of its own, created with the shipped script and dropped afterwards. A database that does not
 * answer skips its tests with a visible message, unless {@code SHARD_REQUIRE_DATABASES=true} (CI), where it fails
 * them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(JdbcSessionStoreTests.Database.class)
@ExtendWith(OutputCaptureExtension.class)
class JdbcSessionStoreTests {

	private static final String SECRET_SESSION = "s3cr3t-session-" + UUID.randomUUID();

	private static final Duration LONG_WAIT = Duration.ofSeconds(10);

	@Parameter
	Database database;

	private SimpleDriverDataSource dataSource;

	private JdbcClient jdbc;

	private String table;

	private final List<SessionLock> locks = new CopyOnWriteArrayList<>();

	@BeforeEach
	void createTable() {
		this.database.require();
		this.dataSource = this.database.dataSource();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.table = "discord_session_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		JdbcSessionStoreSchema.initialize(this.dataSource, this.table);
	}

	@AfterEach
	void dropTable() {
		this.locks.forEach(SessionLock::release); // before the drop: no renewal of a dropped table's lock
		if (this.jdbc != null) {
			this.jdbc.sql("DROP TABLE IF EXISTS " + this.table).update();
		}
	}

	@Test
	void sessionShouldRoundTripWithEveryField() {
		JdbcSessionStore store = store();
		SessionInfo session = new SessionInfo(SECRET_SESSION, "wss://gateway-us-east1-b.discord.gg", 4242L, 3, 16,
				(1L << 40) | 513L, Instant.ofEpochMilli(1_764_000_000_123L));

		assertThat(store.save(3, session, 0).block()).isTrue();

		assertThat(store.load(3).block()).contains(session);
	}

	@Test
	void saveShouldSetSavedAtWhenItIsNull() {
		JdbcSessionStore store = store();
		Instant before = Instant.now().minusMillis(1);

		store.save(2, SessionInfo.of("abc", "wss://resume.example", 7, 2, 4, 1), 0).block();

		SessionInfo loaded = store.load(2).block().orElseThrow();
		assertThat(loaded.savedAt()).isBetween(before, Instant.now().plusMillis(1));
		assertThat(loaded).isEqualTo(SessionInfo.of("abc", "wss://resume.example", 7, 2, 4, 1)
			.withSavedAt(loaded.savedAt()));
	}

	@Test
	void sessionWithoutIdentityShouldLoadWithTheRowsShardIdOnly() {
		JdbcSessionStore store = store();

		store.save(5, new SessionInfo("abc", null, 0), 0).block();

		SessionInfo loaded = store.load(5).block().orElseThrow();
		assertThat(loaded.sessionId()).isEqualTo("abc");
		assertThat(loaded.resumeGatewayUrl()).isNull();
		assertThat(loaded.sequence()).isZero();
		assertThat(loaded.shardId()).isEqualTo(5);
		assertThat(loaded.shardCount()).isNull();
		assertThat(loaded.intents()).isNull();
		assertThat(loaded.hasIdentity()).isFalse();
		assertThat(loaded.savedAt()).isNotNull();
	}

	@Test
	void saveShouldRefuseASessionOfAnotherShard() {
		assertThatIllegalArgumentException().isThrownBy(() -> store().save(1, SessionInfo.of("abc", null, 1, 2, 4, 1), 0))
			.withMessageContaining("shard 2")
			.withMessageContaining("as shard 1");
	}

	@Test
	void loadOfAShardWithoutASessionShouldBeEmpty() {
		JdbcSessionStore store = store();
		store.save(1, SessionInfo.of("abc", null, 1, 1, 4, 1), 0).block();

		assertThat(store.load(0).block()).isEmpty();
		assertThat(store.load(2).block()).isEmpty();
	}

	@Test
	void saveShouldOverwriteTheSessionAndLeaveOtherShardsAlone() {
		JdbcSessionStore store = store();
		SessionInfo first = SessionInfo.of("first", "wss://a", 10, 0, 2, 1).withSavedAt(Instant.ofEpochMilli(1000));
		SessionInfo second = SessionInfo.of("second", "wss://b", 20, 0, 2, 3).withSavedAt(Instant.ofEpochMilli(2000));
		SessionInfo other = SessionInfo.of("other", "wss://c", 30, 1, 2, 1).withSavedAt(Instant.ofEpochMilli(3000));
		store.save(0, first, 0).block();
		store.save(1, other, 0).block();

		assertThat(store.save(0, second, 0).block()).isTrue();

		assertThat(store.load(0).block()).contains(second);
		assertThat(store.load(1).block()).contains(other);
		assertThat(rows()).isEqualTo(2);
	}

	@Test
	void deleteShouldRemoveTheRow() {
		JdbcSessionStore store = store();
		store.save(0, SessionInfo.of("abc", "wss://a", 10, 0, 1, 1), 0).block();

		assertThat(store.delete(0, 0).block()).isTrue();

		assertThat(store.load(0).block()).isEmpty();
		assertThat(rows()).isZero();
		assertThat(store.delete(0, 0).block()).as("nothing to delete").isTrue();
	}

	@Test
	void deleteShouldKeepTheLockOfALockedShard() {
		JdbcSessionStore store = store();
		JdbcSessionStore other = store();
		lock(store, 0, Duration.ZERO);
		store.save(0, SessionInfo.of("abc", "wss://a", 10, 0, 1, 1), 0).block();

		assertThat(store.delete(0, 0).block()).isTrue();

		assertThat(store.load(0).block()).isEmpty();
		assertThat(lockOwner(0)).contains(store.owner());
		StepVerifier.create(other.lock(0, Duration.ZERO)).verifyComplete();
	}

	@Test
	void saveShouldKeepTheLockOfALockedShard() {
		JdbcSessionStore store = store();
		JdbcSessionStore other = store();
		lock(store, 0, Duration.ZERO);
		SessionInfo session = SessionInfo.of("abc", "wss://a", 10, 0, 1, 1).withSavedAt(Instant.ofEpochMilli(5));

		store.save(0, session, 0).block();

		assertThat(store.load(0).block()).contains(session);
		assertThat(lockOwner(0)).contains(store.owner());
		StepVerifier.create(other.lock(0, Duration.ZERO)).verifyComplete();
	}

	@Test
	void unreadableRowsShouldFailTheLoad(CapturedOutput output) {
		JdbcSessionStore store = store();
		insert(0, "''", "5", "NULL", "NULL");
		insert(1, "'" + SECRET_SESSION + "'", "NULL", "4", "1");
		insert(2, "'" + SECRET_SESSION + "'", "-1", "4", "1");
		insert(3, "'" + SECRET_SESSION + "'", "5", "0", "1");
		insert(4, "'" + SECRET_SESSION + "'", "5", "2", "1");
		insert(5, "'" + SECRET_SESSION + "'", "5", "8", "-1");
		List<String> reasons = List.of("session_id is blank", "no seq", "seq is negative", "shard_count is 0",
				"shard 4 cannot be in a shard_count of 2", "intents are negative");

		for (int shard = 0; shard < reasons.size(); shard++) {
			int shardId = shard;
			assertThatThrownBy(() -> store.load(shardId).block()).isInstanceOf(SessionStoreException.class)
				.hasMessageStartingWith("The saved session of shard " + shardId + " in table " + this.table
						+ " is unreadable: ")
				.hasMessageContaining(reasons.get(shard))
				.hasMessageNotContaining(SECRET_SESSION);
		}
		assertThat(output.getAll()).doesNotContain(SECRET_SESSION);
	}

	@Test
	void aRowWithOnlyALockShouldHaveNoSession() {
		this.jdbc.sql("INSERT INTO " + this.table + " (shard_id, lock_owner, lock_expires) VALUES (0, 'pod-a', ?)")
			.param(System.currentTimeMillis() + 60_000)
			.update();

		assertThat(store().load(0).block()).isEmpty();
	}

	@Test
	void lockShouldBeExclusiveAcrossStores(CapturedOutput output) {
		JdbcSessionStore first = store();
		JdbcSessionStore second = store();
		lock(first, 0, Duration.ZERO);

		Duration waited = StepVerifier.create(second.lock(0, Duration.ofMillis(300))).verifyComplete();

		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(output.getAll()).contains("Shard 0: its session is held by " + first.owner() + " until ")
			.contains("; waiting");
		assertThat(lockOwner(0)).contains(first.owner());
		assertThat(lock(second, 1, Duration.ZERO)).as("another shard").isNotNull();
	}

	@Test
	void aWaitingLockShouldBeTakenOnceTheHolderReleasesIt() {
		JdbcSessionStore first = store();
		JdbcSessionStore second = store();
		SessionLock held = lock(first, 0, Duration.ZERO);
		CompletableFuture<SessionLock> waiting = second.lock(0, LONG_WAIT).doOnNext(this.locks::add).toFuture();
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

		held.release();

		await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
		assertThat(waiting.join()).isNotNull();
		assertThat(lockOwner(0)).contains(second.owner());
	}

	@Test
	void lockShouldBeExclusiveWithinAStore() {
		JdbcSessionStore store = store();
		SessionLock held = lock(store, 0, Duration.ZERO);

		StepVerifier.create(store.lock(0, Duration.ofMillis(200))).verifyComplete();

		held.release();
		held.release(); // idempotent
		assertThat(lock(store, 0, Duration.ZERO)).isNotNull();
	}

	@Test
	void releaseShouldRemoveALockOnlyRowAndKeepASession() {
		JdbcSessionStore store = store();
		lock(store, 0, Duration.ZERO).release();
		assertThat(rows()).isZero();

		SessionLock lock = lock(store, 1, Duration.ZERO);
		SessionInfo session = SessionInfo.of("abc", "wss://a", 10, 1, 2, 1).withSavedAt(Instant.ofEpochMilli(5));
		store.save(1, session, 0).block();
		lock.release();

		assertThat(store.load(1).block()).contains(session);
		assertThat(lockOwner(1)).isEmpty();
	}

	@Test
	void aHeldLockShouldBeRenewedPastItsTtl() {
		JdbcSessionStore holder = store(Duration.ofSeconds(1));
		JdbcSessionStore other = store();
		lock(holder, 0, Duration.ZERO);
		long firstExpiry = lockExpires(0);

		// the first lease has run out; only renewals keep the lock
		await().atMost(Duration.ofSeconds(5))
			.until(() -> System.currentTimeMillis() > firstExpiry + 200 && lockExpires(0) > firstExpiry + 200);

		StepVerifier.create(other.lock(0, Duration.ZERO)).verifyComplete();
		assertThat(lockOwner(0)).contains(holder.owner());
	}

	@Test
	void aLockThatIsNoLongerRenewedShouldBeTakenOverAfterItsTtl() {
		JdbcSessionStore hung = store(Duration.ofSeconds(1));
		JdbcSessionStore next = store();
		JdbcSessionStore third = store();
		SessionLock stale = lock(hung, 0, Duration.ZERO);
		((JdbcSessionStore.Lease) stale).stopRenewing();
		long expiry = lockExpires(0);

		SessionLock taken = lock(next, 0, LONG_WAIT);

		assertThat(taken).isNotNull();
		assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiry);
		assertThat(lockOwner(0)).contains(next.owner());
		stale.release(); // the old holder's late release must not free the new holder's lock
		assertThat(lockOwner(0)).contains(next.owner());
		StepVerifier.create(third.lock(0, Duration.ZERO)).verifyComplete();
	}

	@Test
	void theLockOfAProcessThatDiedShouldBeTakenOnceExpired() {
		JdbcSessionStore store = store();
		this.jdbc.sql("INSERT INTO " + this.table + " (shard_id, lock_owner, lock_expires) VALUES (0, 'dead', ?)")
			.param(System.currentTimeMillis() - 1)
			.update();
		this.jdbc.sql("INSERT INTO " + this.table + " (shard_id, lock_owner, lock_expires) VALUES (1, 'alive', ?)")
			.param(System.currentTimeMillis() + 60_000)
			.update();

		assertThat(lock(store, 0, Duration.ZERO)).isNotNull();
		StepVerifier.create(store.lock(1, Duration.ofMillis(150))).verifyComplete();
		assertThat(lockOwner(0)).contains(store.owner());
		assertThat(lockOwner(1)).contains("alive");
	}

	@Test
	void aCancelledWaitShouldNotTakeTheLock() {
		JdbcSessionStore first = store();
		JdbcSessionStore cancelled = store();
		JdbcSessionStore third = store();
		SessionLock held = lock(first, 0, Duration.ZERO);
		CompletableFuture<SessionLock> waiting = cancelled.lock(0, LONG_WAIT).toFuture();
		await().during(Duration.ofMillis(250)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

		waiting.cancel(true);
		held.release();

		assertThat(lock(third, 0, Duration.ofSeconds(5))).isNotNull();
		assertThat(lockOwner(0)).contains(third.owner());
	}

	@Test
	void concurrentWritersOfNewRowsShouldAllSucceed() {
		JdbcSessionStore first = store();
		JdbcSessionStore second = store();
		int shards = 20;

		List<Boolean> saved = Flux.range(0, shards)
			.flatMap((shard) -> Flux.merge(saveOn(first, shard, "first"), saveOn(second, shard, "second"),
					saveOn(first, shard, "third")))
			.collectList()
			.block(Duration.ofSeconds(30));
		List<SessionLock> locked = Flux.range(shards, shards)
			.flatMap((shard) -> Flux.merge(first.lock(shard, Duration.ZERO), second.lock(shard, Duration.ZERO)))
			.doOnNext(this.locks::add)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(saved).hasSize(3 * shards).containsOnly(true);
		IntStream.range(0, shards)
			.forEach((shard) -> assertThat(first.load(shard).block()).get()
				.extracting(SessionInfo::sessionId)
				.isIn("first", "second", "third"));
		assertThat(locked).as("one lock per shard").hasSize(shards);
	}

	@Test
	void initializeShouldBeIdempotentAndAcceptASchemaQualifiedName() {
		JdbcSessionStoreSchema.initialize(this.dataSource, this.table);
		String qualified = this.database.schema + "." + this.table + "_q";
		try {
			JdbcSessionStoreSchema.initialize(this.dataSource, qualified);
			JdbcSessionStore store = new JdbcSessionStore(this.jdbc, qualified);
			SessionInfo session = SessionInfo.of("abc", "wss://a", 1, 0, 1, 1).withSavedAt(Instant.ofEpochMilli(9));
			store.save(0, session, 0).block();
			assertThat(store.load(0).block()).contains(session);
			assertThat(store.description()).isEqualTo("jdbc (" + qualified + ")");
		}
		finally {
			this.jdbc.sql("DROP TABLE IF EXISTS " + qualified).update();
		}
	}

	@Test
	void scriptsShouldBeFoundByDatabaseProductName() {
		assertThat(JdbcSessionStoreSchema.scriptLocation("PostgreSQL"))
			.isEqualTo("classpath:dev/shard/autoconfigure/session/schema-postgresql.sql");
		assertThat(JdbcSessionStoreSchema.scriptLocation("MariaDB"))
			.isEqualTo("classpath:dev/shard/autoconfigure/session/schema-mariadb.sql");
		assertThat(JdbcSessionStoreSchema.scriptLocation("MySQL"))
			.isEqualTo("classpath:dev/shard/autoconfigure/session/schema-mysql.sql");
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcSessionStoreSchema.scriptLocation("H2"))
			.withMessageContaining("not on H2")
			.withMessageContaining("discord.gateway.session-store.jdbc.initialize-schema=false");
		assertThat(JdbcSessionStoreSchema.script("MySQL", "my_sessions"))
			.contains("CREATE TABLE IF NOT EXISTS my_sessions (")
			.doesNotContain(JdbcSessionStore.DEFAULT_TABLE_NAME);
	}

	@Test
	void tableNamesThatAreNotNamesShouldBeRejected() {
		for (String name : List.of("x; drop table y", "x y", "1x", "x..y", "x.", "\"x\"", "x--", "")) {
			assertThatIllegalArgumentException().as(name).isThrownBy(() -> new JdbcSessionStore(this.jdbc, name));
			assertThatIllegalArgumentException().as(name)
				.isThrownBy(() -> JdbcSessionStoreSchema.initialize(this.dataSource, name));
		}
		assertThat(new JdbcSessionStore(this.jdbc, "schema_1.Table_2").tableName()).isEqualTo("schema_1.Table_2");
		assertThat(store().description()).isEqualTo("jdbc (" + this.table + ")");
	}

	private Mono<Boolean> saveOn(JdbcSessionStore store, int shard, String id) {
		return store.save(shard, SessionInfo.of(id, "wss://a", shard, shard, 100, 1), 0)
			.subscribeOn(Schedulers.parallel());
	}

	private JdbcSessionStore store() {
		return store(Duration.ofSeconds(2));
	}

	private JdbcSessionStore store(Duration lockTtl) {
		return new JdbcSessionStore(this.jdbc, this.table, lockTtl);
	}

	/** The lock, or {@code null}; released after the test. */
	private SessionLock lock(JdbcSessionStore store, int shardId, Duration wait) {
		SessionLock lock = store.lock(shardId, wait).block(wait.plusSeconds(5));
		if (lock != null) {
			this.locks.add(lock);
		}
		return lock;
	}

	private void insert(int shardId, String sessionId, String seq, String shardCount, String intents) {
		this.jdbc.sql("INSERT INTO " + this.table + " (shard_id, session_id, resume_url, seq, shard_count, intents, "
				+ "saved_at) VALUES (" + shardId + ", " + sessionId + ", 'wss://a', " + seq + ", " + shardCount + ", "
				+ intents + ", 1000)")
			.update();
	}

	private int rows() {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + this.table).query(Integer.class).single();
	}

	private Optional<String> lockOwner(int shardId) {
		return this.jdbc.sql("SELECT lock_owner FROM " + this.table + " WHERE shard_id = ?")
			.param(shardId)
			.query((rs, n) -> Optional.ofNullable(rs.getString(1)))
			.optional()
			.flatMap((owner) -> owner);
	}

	private long lockExpires(int shardId) {
		return this.jdbc.sql("SELECT lock_expires FROM " + this.table + " WHERE shard_id = ?")
			.param(shardId)
			.query(Long.class)
			.single();
	}

	enum Database {

		POSTGRESQL("PostgreSQL", "jdbc:postgresql://127.0.0.1:5432/test", 5432, "postgres", "public", org.postgresql.Driver::new),

		MARIADB("MariaDB", "jdbc:mariadb://127.0.0.1:3306/test", 3306, "root", "test", org.mariadb.jdbc.Driver::new);

		private final String label;

		private final String url;

		private final int port;

		private final String user;

		final String schema;

		private final Supplier<Driver> driver;

		Database(String label, String url, int port, String user, String schema, Supplier<Driver> driver) {
			this.label = label;
			this.url = url;
			this.port = port;
			this.user = user;
			this.schema = schema;
			this.driver = driver;
		}

		@Override
		public String toString() {
			return this.label;
		}

		SimpleDriverDataSource dataSource() {
			return new SimpleDriverDataSource(this.driver.get(), this.url, this.user, "");
		}

		/** Skips the test (fails it with SHARD_REQUIRE_DATABASES=true) if the database does not answer. */
		void require() {
			boolean up;
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
				up = true;
			}
			catch (IOException ex) {
				up = false;
			}
			if (!up) {
				if (Boolean.parseBoolean(System.getenv("SHARD_REQUIRE_DATABASES"))) {
					throw new AssertionError(
							"SHARD_REQUIRE_DATABASES=true but no " + this + " answers on 127.0.0.1:" + this.port);
				}
				Assumptions.abort("SKIPPED: no " + this + " on 127.0.0.1:" + this.port + " (start it to run the JDBC "
						+ "session store tests; CI sets SHARD_REQUIRE_DATABASES=true to make them mandatory)");
			}
		}

	}

}
