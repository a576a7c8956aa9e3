package dev.shard.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one Redis connection shared by the limiter, the session store and the lease manager of a process, plus the
 * availability status they report. Connects lazily and reconnects on demand, so a process can start while Redis
 * is down; commands fail fast while disconnected (they are not queued), because a queued identify or lease
 * renewal that runs minutes later would be wrong.
 */
public final class ClusterRedisClient implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClusterRedisClient.class);

	private final RedisClient client;

	private final RedisURI uri;

	private final Duration commandTimeout;

	private final boolean ownsClient;

	private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();

	private final AtomicReference<Mono<StatefulRedisConnection<String, String>>> connecting = new AtomicReference<>();

	private volatile boolean available = true;

	private volatile Throwable lastError;

	private volatile Instant lastSuccess;

	private volatile Instant unavailableSince;

	private final AtomicLong failures = new AtomicLong();

	private volatile boolean closed;

	private ClusterRedisClient(RedisClient client, RedisURI uri, Duration commandTimeout, boolean ownsClient) {
		this.client = client;
		this.uri = uri;
		this.commandTimeout = commandTimeout;
		this.ownsClient = ownsClient;
	}

	/**
	 * A client for the given URI (e.g. {@code redis://127.0.0.1:6379/0}).
	 * @param uri the Redis URI; credentials in it are never logged
	 * @param commandTimeout how long one command may take before Redis counts as unavailable
	 * @return a new client; close it on shutdown
	 */
	public static ClusterRedisClient create(String uri, Duration commandTimeout) {
		return create(RedisURI.create(uri), commandTimeout);
	}

	/**
	 * A client for the given Lettuce URI (standalone or Sentinel), e.g. built from another library's connection
	 * settings.
	 * @param redisUri the Redis URI; credentials in it are never logged
	 * @param commandTimeout how long one command may take before Redis counts as unavailable
	 * @return a new client; close it on shutdown
	 */
	public static ClusterRedisClient create(RedisURI redisUri, Duration commandTimeout) {
		redisUri.setTimeout(commandTimeout);
		RedisClient client = RedisClient.create();
		client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.build());
		return new ClusterRedisClient(client, redisUri, commandTimeout, true);
	}

	/** Run a command on the shared connection, recording availability. Redis errors become {@link RedisUnavailableException}. */
	public <T> Mono<T> execute(Function<RedisReactiveCommands<String, String>, Publisher<T>> command) {
		return connection().flatMap((c) -> Mono.from(command.apply(c.reactive())))
			.timeout(this.commandTimeout.multipliedBy(2))
			.doOnSuccess((r) -> markAvailable())
			.onErrorMap(ClusterRedisClient::isUnavailability,
					(ex) -> new RedisUnavailableException("Redis is unavailable: " + describe(ex), ex))
			.doOnError(RedisUnavailableException.class, this::markUnavailable);
	}

	/** Run a Lua script that returns one string (scripts here encode their answer as text). */
	public Mono<String> eval(String script, String[] keys, String... args) {
		return execute((c) -> c.<Object>eval(script, ScriptOutputType.VALUE, keys, args).next())
			.map(String::valueOf);
	}

	/** Whether the last command reached Redis (optimistically {@code true} before the first command). */
	public boolean isAvailable() {
		return this.available;
	}

	/** The last connection or timeout error, if Redis is unavailable now. */
	public Optional<Throwable> lastError() {
		return this.available ? Optional.empty() : Optional.ofNullable(this.lastError);
	}

	/** When a command last succeeded. */
	public Optional<Instant> lastSuccess() {
		return Optional.ofNullable(this.lastSuccess);
	}

	/** When the current outage began, if Redis is unavailable now. */
	public Optional<Instant> unavailableSince() {
		return Optional.ofNullable(this.unavailableSince);
	}

	/** Commands that failed because Redis was unreachable or slow (a metrics counter). */
	public long failureCount() {
		return this.failures.get();
	}

	/** The URI without credentials, for health details. */
	public String describeTarget() {
		if (this.uri.getSentinelMasterId() != null) {
			return "sentinel master " + this.uri.getSentinelMasterId() + "/" + this.uri.getDatabase();
		}
		return this.uri.getHost() + ":" + this.uri.getPort() + "/" + this.uri.getDatabase();
	}

	/** Round trip check for health indicators. */
	public Mono<Boolean> ping() {
		return execute((c) -> c.ping()).map("PONG"::equals).onErrorReturn(false);
	}

	private Mono<StatefulRedisConnection<String, String>> connection() {
		StatefulRedisConnection<String, String> current = this.connection.get();
		if (current != null && current.isOpen()) {
			return Mono.just(current);
		}
		if (this.closed) {
			return Mono.error(new IllegalStateException("ClusterRedisClient is closed"));
		}
		// One connect attempt at a time; concurrent callers share it.
		Mono<StatefulRedisConnection<String, String>> attempt = this.connecting.get();
		if (attempt != null) {
			return attempt;
		}
		Mono<StatefulRedisConnection<String, String>> created = Mono
			.fromCompletionStage(() -> this.client.connectAsync(StringCodec.UTF8, this.uri).toCompletableFuture())
			.doOnNext((c) -> {
				StatefulRedisConnection<String, String> previous = this.connection.getAndSet(c);
				if (previous != null) {
					previous.closeAsync();
				}
			})
			.doFinally((s) -> this.connecting.set(null))
			.cache();
		if (this.connecting.compareAndSet(null, created)) {
			return created;
		}
		return connection();
	}

	private void markAvailable() {
		this.lastSuccess = Instant.now();
		if (!this.available) {
			logger.info("Redis at {} is reachable again", describeTarget());
		}
		this.available = true;
		this.unavailableSince = null;
	}

	private void markUnavailable(Throwable ex) {
		this.failures.incrementAndGet();
		this.lastError = ex;
		if (this.available) {
			this.unavailableSince = Instant.now();
			logger.warn("Redis at {} is unavailable ({}); cluster coordination is paused: no identify is sent and "
					+ "no shard is claimed until it answers again", describeTarget(), describe(ex.getCause()));
		}
		this.available = false;
	}

	private static boolean isUnavailability(Throwable ex) {
		// A script error is a bug, not an outage; everything else (connect, timeout, reset) is unavailability.
		return !(ex instanceof RedisCommandExecutionException) && !(ex instanceof IllegalStateException)
				&& !(ex instanceof RedisUnavailableException);
	}

	private static String describe(Throwable ex) {
		return (ex != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage() : "unknown";
	}

	@Override
	public void close() {
		this.closed = true;
		StatefulRedisConnection<String, String> c = this.connection.getAndSet(null);
		if (c != null) {
			c.close();
		}
		if (this.ownsClient) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	static String requireText(String value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
		return value;
	}

}
