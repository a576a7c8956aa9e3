package dev.shard.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.SessionCheckpointer;
import dev.shard.gateway.SessionInfo;
import dev.shard.gateway.ShardSink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisSessionStore} and {@link SessionCheckpointer} against a real Redis.
 */
class RedisSessionStoreTests {

	@RegisterExtension
	final RedisTestSupport redis = new RedisTestSupport();

	@Test
	void checkpointLoadRoundTripAcrossInstances() {
		RedisSessionStore writer = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		RedisSessionStore reader = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		assertThat(reader.load(3).block()).isEmpty();
		SessionInfo session = new SessionInfo("abc", "wss://resume.example/", 42);
		assertThat(writer.save(3, session, 1).block()).isTrue();
		assertThat(reader.load(3).block()).contains(session);
		assertThat(this.redis.admin().pttl(this.redis.prefix + ":session:3")).isPositive();
		assertThat(reader.load(4).block()).isEmpty();
	}

	@Test
	void aCheckpointRecordsShardCountIntentsAndWhenItWasSaved() {
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		java.time.Instant before = java.time.Instant.now().minusMillis(1);
		assertThat(store.save(3, SessionInfo.of("abc", "wss://r/", 42, 3, 16, 513), 1).block()).isTrue();
		SessionInfo loaded = store.load(3).block().orElseThrow();
		assertThat(loaded.hasIdentity()).isTrue();
		assertThat(loaded.incompatibility(3, 16, 513)).isEmpty();
		assertThat(loaded.incompatibility(3, 32, 513)).isPresent();
		assertThat(loaded.incompatibility(3, 16, 1)).isPresent();
		assertThat(loaded.savedAt()).isAfter(before).isBeforeOrEqualTo(java.time.Instant.now());
		assertThat(loaded.withSavedAt(null)).isEqualTo(SessionInfo.of("abc", "wss://r/", 42, 3, 16, 513));
	}

	/**
	 * Values written by an older version stay readable, without shard count and intents (so not resumed), also when
	 * an older writer overwrote the session of a newer one and left that one's shard count in place.
	 */
	@Test
	void aCheckpointOfAnOlderVersionIsReadWithoutIdentity() {
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		String key = this.redis.prefix + ":session:2";
		this.redis.admin().hset(key, java.util.Map.of("session_id", "old", "resume_url", "wss://a/", "seq", "7",
				"fence", "1"));
		assertThat(store.load(2).block()).contains(new SessionInfo("old", "wss://a/", 7));
		assertThat(store.load(2).block().orElseThrow().incompatibility(2, 4, 513)).isPresent();

		assertThat(store.save(2, SessionInfo.of("new", "wss://b/", 9, 2, 4, 513), 2).block()).isTrue();
		assertThat(store.load(2).block().orElseThrow().hasIdentity()).isTrue();
		// what an older writer's script does: the session fields only
		this.redis.admin().hset(key, java.util.Map.of("session_id", "older", "resume_url", "wss://c/", "seq", "3",
				"fence", "3"));
		assertThat(store.load(2).block()).contains(new SessionInfo("older", "wss://c/", 3));
	}

	@Test
	void olderFencingTokenCannotOverwriteNewOwnersCheckpoint() {
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		assertThat(store.save(0, new SessionInfo("old", "wss://a/", 10), 5).block()).isTrue();
		assertThat(store.save(0, new SessionInfo("old", "wss://a/", 20), 6).block()).isTrue();
		assertThat(store.save(0, new SessionInfo("old", "wss://a/", 99), 5).block()).isFalse();
		assertThat(store.delete(0, 5).block()).isFalse();
		assertThat(store.load(0).block()).contains(new SessionInfo("old", "wss://a/", 20));
		// Same owner, same session: a late lower sequence does not move the checkpoint back.
		assertThat(store.save(0, new SessionInfo("old", "wss://a/", 15), 6).block()).isTrue();
		assertThat(store.load(0).block().map(SessionInfo::sequence)).contains(20L);
		assertThat(store.delete(0, 6).block()).isTrue();
		assertThat(store.load(0).block()).isEmpty();
	}

	@Test
	void unreadableEntryIsIgnored() {
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		this.redis.admin().hset(this.redis.prefix + ":session:1", java.util.Map.of("session_id", "x", "resume_url",
				"wss://a/", "seq", "not-a-number"));
		assertThat(store.load(1).block()).isEmpty();
	}

	@Test
	void checkpointerWritesOnTimerWithoutARoundTripPerDispatch() {
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		AtomicReference<SessionInfo> current = new AtomicReference<>();
		try (SessionCheckpointer checkpointer = new SessionCheckpointer(store, Duration.ofMillis(100), 1_000_000)) {
			SessionCheckpointer.Tracked tracked = checkpointer.track(2, 1, () -> Optional.ofNullable(current.get()));
			ShardSink sink = tracked.wrap((dispatch) -> {
			});
			long started = System.nanoTime();
			for (long s = 1; s <= 5000; s++) {
				current.set(new SessionInfo("sess", "wss://r/", s));
				sink.onDispatch(new GatewayDispatch(2, s, "MESSAGE_CREATE", new byte[0], System.nanoTime()));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> store.load(2).block().map(SessionInfo::sequence).orElse(0L) == 5000L);
			// 5000 dispatches, but at most one write per 100 ms tick that passed (however slow the machine was),
			// where a write per dispatch would be thousands
			long ticks = Duration.ofNanos(System.nanoTime() - started).toMillis() / 100 + 1;
			assertThat(checkpointer.writeCount()).isBetween(1L, ticks + 2);
		}
	}

	@Test
	void checkpointerWritesEveryNEventsAndOnFlush() {
		RedisSessionStore store = new RedisSessionStore(this.redis.newClient(), this.redis.prefix);
		AtomicReference<SessionInfo> current = new AtomicReference<>();
		// A timer that never fires during the test: only the event count and the flush write.
		try (SessionCheckpointer checkpointer = new SessionCheckpointer(store, Duration.ofHours(1), 10)) {
			SessionCheckpointer.Tracked tracked = checkpointer.track(7, 1, () -> Optional.ofNullable(current.get()));
			for (long s = 1; s <= 10; s++) {
				current.set(new SessionInfo("sess", "wss://r/", s));
				tracked.onEvent();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> store.load(7).block().map(SessionInfo::sequence).orElse(0L) == 10L);
			current.set(new SessionInfo("sess", "wss://r/", 13));
			tracked.flush().block(Duration.ofSeconds(2));
			assertThat(store.load(7).block().map(SessionInfo::sequence)).contains(13L);
		}
	}

}
