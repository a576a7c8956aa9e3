package dev.shard.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Redis on 127.0.0.1:6379 for tests. Skips with a visible message when it is absent, unless
 * {@code SHARD_REQUIRE_REDIS=true} (CI), where a missing Redis fails the test. Each test gets its own key
 * prefix and {@link #close()} deletes every key under it. As a {@code @RegisterExtension} field it is made per test
 * and closed after each.
 */
public final class RedisTestSupport implements AutoCloseable, AfterEachCallback {

	public static final String URI = "redis://127.0.0.1:6379";

	public final String prefix = "shard-test:" + UUID.randomUUID();

	private final boolean required;

	private final List<ClusterRedisClient> clients = new ArrayList<>();

	private RedisClient admin;

	private StatefulRedisConnection<String, String> adminConnection;

	/** For tests that all need Redis: skips (or fails, on CI) here when it is absent. */
	public RedisTestSupport() {
		this(true);
	}

	private RedisTestSupport(boolean required) {
		this.required = required;
		if (required) {
			requireRedis();
			admin();
		}
	}

	/**
	 * For a class where only some tests need Redis (they call {@link #requireRedis()}): a prefix and the cleanup,
	 * which does nothing when Redis is absent.
	 */
	public static RedisTestSupport optional() {
		return new RedisTestSupport(false);
	}

	public static void requireRedis() {
		boolean up;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
			up = true;
		}
		catch (IOException ex) {
			up = false;
		}
		if (!up) {
			if (Boolean.parseBoolean(System.getenv("SHARD_REQUIRE_REDIS"))) {
				throw new AssertionError("SHARD_REQUIRE_REDIS=true but no Redis answers on 127.0.0.1:6379");
			}
			Assumptions.abort("SKIPPED: no Redis on 127.0.0.1:6379 (start redis-server to run the cluster tests; "
					+ "CI sets SHARD_REQUIRE_REDIS=true to make them mandatory)");
		}
	}

	/** A new client with its own connection, as a separate process would have. */
	public ClusterRedisClient newClient() {
		return newClient(URI);
	}

	ClusterRedisClient newClient(String uri) {
		ClusterRedisClient client = ClusterRedisClient.create(uri, Duration.ofMillis(500));
		this.clients.add(client);
		return client;
	}

	/** Plain commands on a connection of the test's own. */
	public synchronized RedisCommands<String, String> admin() {
		if (this.adminConnection == null) {
			if (this.admin == null) {
				this.admin = RedisClient.create(URI);
			}
			this.adminConnection = this.admin.connect();
		}
		return this.adminConnection.sync();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

	@Override
	public void close() {
		this.clients.forEach(ClusterRedisClient::close);
		try {
			RedisCommands<String, String> sync = admin();
			ScanIterator.scan(sync, ScanArgs.Builder.matches(this.prefix + ":*").limit(500))
				.stream()
				.forEach(sync::del);
		}
		catch (RuntimeException ex) {
			if (this.required) {
				throw ex;
			}
			// no Redis: nothing to clean
		}
		finally {
			if (this.adminConnection != null) {
				this.adminConnection.close();
			}
			if (this.admin != null) {
				this.admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

}
