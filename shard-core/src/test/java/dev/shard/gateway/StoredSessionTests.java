package dev.shard.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ShardManager} with a {@link SessionStore}: a restart resumes from the store and delivers every dispatch
 * once across the two runs; a stored session that is too old, of another shard count or intents, or unreadable is
 * not resumed (the shard identifies and says why); a lock held elsewhere is waited for, bounded.
 */
@Timeout(120)
class StoredSessionTests {

	private static final long INTENTS = 513 | 2;

	@TempDir
	Path directory;

	private GatewaySimulator sim;

	private final List<ShardManager> managers = new ArrayList<>();

	/** Sequences delivered, per shard, over every manager of the test. */
	private final Map<Integer, List<Long>> delivered = new ConcurrentHashMap<>();

	/** What the manager logged: each shard that does not resume says why. */
	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureLog() {
		this.log.start();
		((Logger) LoggerFactory.getLogger(ShardManager.class)).addAppender(this.log);
	}

	private void assertLogged(String... parts) {
		assertThat(this.log.list).extracting(ILoggingEvent::getFormattedMessage)
			.anySatisfy((line) -> assertThat(line).contains(parts));
	}

	@AfterEach
	void tearDown() {
		((Logger) LoggerFactory.getLogger(ShardManager.class)).detachAppender(this.log);
		for (ShardManager manager : this.managers) {
			manager.shutdown(ShutdownMode.RESUMABLE).block(Duration.ofSeconds(20));
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private GatewaySimulator simulator(int shards) {
		this.sim = ShardManagerTests.simulator(1, shards).build().start();
		return this.sim;
	}

	private ShardManager manager(SessionStore store, int shards, Duration lockWait) {
		ShardManager manager = ShardManagerTests
			.manager(this.sim, (d) -> this.delivered.computeIfAbsent(d.shardId(), (k) -> new CopyOnWriteArrayList<>())
				.add(d.sequence()))
			.totalShards(shards)
			.sessionStore(store)
			.sessionCheckpoints(Duration.ofMillis(100), 1000)
			.sessionLockWait(lockWait)
			.build();
		this.managers.add(manager);
		return manager;
	}

	private ShardManager started(SessionStore store, int shards) {
		ShardManager manager = manager(store, shards, Duration.ofSeconds(10));
		manager.start().block(Duration.ofSeconds(30));
		await().atMost(Duration.ofSeconds(30)).until(() -> manager.states().get(ShardState.CONNECTED) == shards);
		return manager;
	}

	private void stop(ShardManager manager, ShutdownMode mode) {
		manager.shutdown(mode).block(Duration.ofSeconds(20));
		this.managers.remove(manager);
	}

	private void stream(int count, int shards) throws Exception {
		this.sim.dispatch("MESSAGE_CREATE", count, null, null).get(20, TimeUnit.SECONDS);
		for (int shard = 0; shard < shards; shard++) {
			int id = shard;
			await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id).size() == this.sim.lastSequence(id));
		}
	}

	private List<Long> delivered(int shard) {
		return this.delivered.getOrDefault(shard, List.of());
	}

	@Test
	void aRestartResumesFromTheFileStoreAndDeliversEveryDispatchOnce() throws Exception {
		simulator(2);
		FileSessionStore store = new FileSessionStore(this.directory);
		ShardManager first = started(store, 2);
		stream(50, 2);
		stop(first, ShutdownMode.RESUMABLE);
		assertThat(store.load(0).block()).get().extracting(SessionInfo::sequence).isEqualTo(this.sim.lastSequence(0));
		// dispatched while no process runs: the simulator keeps them for the resume
		this.sim.dispatch("MESSAGE_CREATE", 30, null, null).get(10, TimeUnit.SECONDS);

		ShardManager second = started(store, 2);
		stream(20, 2);
		assertThat(this.sim.identifies()).as("only the first run identifies").hasSize(2);
		assertThat(this.sim.resumes()).hasSize(2).allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		for (int shard = 0; shard < 2; shard++) {
			long last = this.sim.lastSequence(shard);
			assertThat(delivered(shard)).as("shard %d: each sequence once, in order", shard)
				.containsExactlyElementsOf(range(1, last));
			assertThat(second.sessionRestore(shard)).get()
				.satisfies((r) -> assertThat(r.outcome()).isEqualTo(SessionRestore.Outcome.RESTORED))
				.satisfies((r) -> assertThat(r.age()).isLessThan(Duration.ofSeconds(30)));
		}
	}

	@Test
	void theInMemoryStoreCarriesSessionsToTheNextManagerOfTheJvm() throws Exception {
		simulator(1);
		InMemorySessionStore store = InMemorySessionStore.shared("stored-session-tests");
		ShardManager first = started(store, 1);
		stream(10, 1);
		stop(first, ShutdownMode.RESUMABLE);
		started(InMemorySessionStore.shared("stored-session-tests"), 1);
		stream(10, 1);
		assertThat(this.sim.identifies()).hasSize(1);
		assertThat(delivered(0)).containsExactlyElementsOf(range(1, this.sim.lastSequence(0)));
	}

	@Test
	void aFinalShutdownDeletesTheSession() throws Exception {
		simulator(1);
		FileSessionStore store = new FileSessionStore(this.directory);
		ShardManager first = started(store, 1);
		stream(5, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(store.sessionFile(0)));
		stop(first, ShutdownMode.FINAL);
		assertThat(store.sessionFile(0)).doesNotExist();
		assertThat(store.load(0).block()).isEmpty();
	}

	@Test
	void aSessionOlderThanTheResumeWindowIsNotResumed() {
		simulator(1);
		FileSessionStore store = new FileSessionStore(this.directory);
		store.save(0, SessionInfo.of("old-session", this.sim.resumeGatewayUrl(), 12, 0, 1, INTENTS)
			.withSavedAt(Instant.now().minus(Duration.ofMinutes(6))), 0).block();
		ShardManager manager = started(store, 1);
		assertThat(manager.sessionRestore(0)).get().satisfies((r) -> {
			assertThat(r.outcome()).isEqualTo(SessionRestore.Outcome.REJECTED);
			assertThat(r.reason()).contains("longer than sessions stay resumable");
			assertThat(r.age()).isGreaterThan(Duration.ofMinutes(5));
		});
		assertLogged("Shard 0: not resuming the stored session", "longer than sessions stay resumable", "identifying");
		assertThat(this.sim.resumes()).isEmpty();
		assertThat(this.sim.identifies()).hasSize(1);
	}

	@Test
	void aSessionOfAnotherShardCountIsNotResumed() {
		simulator(1);
		FileSessionStore store = new FileSessionStore(this.directory);
		store.save(0, SessionInfo.of("other-count", this.sim.resumeGatewayUrl(), 12, 0, 2, INTENTS), 0).block();
		ShardManager manager = started(store, 1);
		assertThat(manager.sessionRestore(0)).get().satisfies((r) -> {
			assertThat(r.outcome()).isEqualTo(SessionRestore.Outcome.REJECTED);
			assertThat(r.reason()).contains("belongs to shard 0/2");
		});
		assertLogged("Shard 0: not resuming the stored session", "belongs to shard 0/2, this is shard 0/1");
		assertThat(this.sim.resumes()).isEmpty();
		assertThat(this.sim.identifies()).hasSize(1);
	}

	@Test
	void aSessionOfOtherIntentsIsNotResumed() {
		simulator(1);
		FileSessionStore store = new FileSessionStore(this.directory);
		store.save(0, SessionInfo.of("other-intents", this.sim.resumeGatewayUrl(), 12, 0, 1, 1), 0).block();
		ShardManager manager = started(store, 1);
		assertThat(manager.sessionRestore(0)).get().satisfies((r) -> {
			assertThat(r.outcome()).isEqualTo(SessionRestore.Outcome.REJECTED);
			assertThat(r.reason()).contains("identified with intents 1");
		});
		assertLogged("Shard 0: not resuming the stored session", "identified with intents 1");
		assertThat(this.sim.resumes()).isEmpty();
	}

	@Test
	void anUnreadableSessionFileIsNotResumedAndNothingBreaks() throws Exception {
		simulator(1);
		FileSessionStore store = new FileSessionStore(this.directory);
		Files.writeString(store.sessionFile(0), "{\"sessionId\": \"half-writ");
		ShardManager manager = started(store, 1);
		assertThat(manager.sessionRestore(0)).get().satisfies((r) -> {
			assertThat(r.outcome()).isEqualTo(SessionRestore.Outcome.REJECTED);
			assertThat(r.reason()).contains("unreadable");
		});
		assertLogged("Shard 0: the stored session is unreadable", "shard-0.json", "identifying");
		assertThat(this.sim.identifies()).hasSize(1);
		// the new session replaces the corrupt file
		stream(3, 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> store.load(0).onErrorReturn(Optional.empty()).block().isPresent());
	}

	@Test
	void aShardWhoseLockIsHeldWaitsThenIdentifiesAndSavesOnlyOnceItHasTheLock() throws Exception {
		simulator(1);
		FileSessionStore store = new FileSessionStore(this.directory);
		SessionInfo foreign = SessionInfo.of("held-elsewhere", this.sim.resumeGatewayUrl(), 12, 0, 1, INTENTS);
		store.save(0, foreign, 0).block();
		SessionStore.SessionLock held = store.lock(0, Duration.ZERO).block();
		assertThat(held).isNotNull();
		ShardManager manager = manager(store, 1, Duration.ofMillis(300));
		manager.start().block(Duration.ofSeconds(30));
		await().atMost(Duration.ofSeconds(30)).until(() -> manager.states().get(ShardState.CONNECTED) == 1);
		assertThat(manager.sessionRestore(0)).get()
			.extracting(SessionRestore::outcome)
			.isEqualTo(SessionRestore.Outcome.LOCK_TIMEOUT);
		assertLogged("Shard 0: another process still holds its session", "identifying a new session");
		assertThat(this.sim.identifies()).hasSize(1);
		stream(5, 1);
		// not its lock: the holder's session stays
		assertThat(store.load(0).block()).get().extracting(SessionInfo::sessionId).isEqualTo("held-elsewhere");
		held.release();
		String own = this.sim.sessionIds().get(0);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> store.load(0).block().map(SessionInfo::sessionId).orElse("").equals(own));
	}

	@Test
	void theFileLockIsExclusiveAndReleased() {
		FileSessionStore store = new FileSessionStore(this.directory);
		SessionStore.SessionLock first = store.lock(3, Duration.ZERO).block();
		assertThat(first).isNotNull();
		assertThat(store.lock(3, Duration.ofMillis(250)).block()).isNull();
		assertThat(new FileSessionStore(this.directory).lock(3, Duration.ZERO).block()).isNull();
		first.release();
		first.release();
		SessionStore.SessionLock again = store.lock(3, Duration.ZERO).block();
		assertThat(again).isNotNull();
		again.release();
	}

	@Test
	void theFileStoreWritesWholeFilesReadableByTheOwnerOnly() throws Exception {
		FileSessionStore store = new FileSessionStore(this.directory.resolve("nested"));
		SessionInfo session = SessionInfo.of("abc", "wss://resume.example", 42, 1, 4, INTENTS);
		store.save(1, session, 0).block();
		SessionInfo loaded = store.load(1).block().orElseThrow();
		assertThat(loaded.withSavedAt(null)).isEqualTo(session);
		assertThat(loaded.savedAt()).isNotNull();
		try (var files = Files.list(store.directory())) {
			assertThat(files.map((p) -> p.getFileName().toString())).containsExactly("shard-1.json");
		}
		if (store.directory().getFileSystem().supportedFileAttributeViews().contains("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.sessionFile(1))))
				.isEqualTo("rw-------");
		}
		store.delete(1, 0).block();
		assertThat(store.load(1).block()).isEmpty();
	}

	private static List<Long> range(long from, long to) {
		List<Long> values = new ArrayList<>();
		for (long i = from; i <= to; i++) {
			values.add(i);
		}
		return values;
	}

}
