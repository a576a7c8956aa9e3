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

/**
 * Real Redis on 127.0.0.1:6379 for tests. Skips with a visible message when it is absent, unless
 * {@code SHARD_REQUIRE_REDIS=true} (CI), where a missing Redis fails the test. Each test gets its own key
 * prefix and {@link #close()} deletes every key under it.
 */
final class RedisTestSupport implements AutoCloseable {

	static final String URI = "redis://127.0.0.1:6379";

	final String prefix = "shard-test:" + UUID.randomUUID();

	private final List<ClusterRedisClient> clients = new ArrayList<>();

	private final RedisClient admin = RedisClient.create(URI);

	private final StatefulRedisConnection<String, String> adminConnection;

	RedisTestSupport() {
		requireRedis();
		this.adminConnection = this.admin.connect();
	}

	static void requireRedis() {
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
	ClusterRedisClient newClient() {
		return newClient(URI);
	}

	ClusterRedisClient newClient(String uri) {
		ClusterRedisClient client = ClusterRedisClient.create(uri, Duration.ofMillis(500));
		this.clients.add(client);
		return client;
	}

	RedisCommands<String, String> admin() {
		return this.adminConnection.sync();
	}

	@Override
	public void close() {
		this.clients.forEach(ClusterRedisClient::close);
		RedisCommands<String, String> sync = admin();
		ScanIterator.scan(sync, ScanArgs.Builder.matches(this.prefix + ":*").limit(500)).stream().forEach(sync::del);
		this.adminConnection.close();
		this.admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
