package dev.shard.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ReshardCoordinator;
import dev.shard.gateway.CloseCode;
import dev.shard.gateway.DiscoveryStatus;
import dev.shard.gateway.FatalCloseException;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.SessionRestore;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShutdownMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code discord} endpoint ({@code /actuator/discord}): the shards of this process with their state, and
 * write operations on one shard ({@code POST /actuator/discord/{shardId}/reconnect} closes the connection and
 * resumes the session; {@code POST /actuator/discord/{shardId}/restart} replaces the shard by a new one that
 * starts a new session, which also revives a shard that stopped fatally), and a re-shard of the bot while it stays
 * online ({@code POST /actuator/discord/reshard?total=N}).
 * <p>
 * Access is read-only by default: the write operations exist only with
 * {@code management.endpoint.discord.access=unrestricted}. Like every endpoint, it is reachable over HTTP only when
 * exposed ({@code management.endpoints.web.exposure.include=discord}).
 */
@Endpoint(id = "discord", defaultAccess = Access.READ_ONLY)
public class DiscordEndpoint {

	private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(30);

	private final GatewayShards shards;

	private final @Nullable ReshardCoordinator coordinator;

	/**
	 * Create the endpoint.
	 * @param shards the shards of this process
	 */
	public DiscordEndpoint(GatewayShards shards) {
		this(shards, null);
	}

	/**
	 * Create the endpoint.
	 * @param shards the shards of this process
	 * @param coordinator where re-shards are decided for all processes (e.g. the Redis layout), or {@code null}
	 * for this process's shard manager
	 */
	public DiscordEndpoint(GatewayShards shards, @Nullable ReshardCoordinator coordinator) {
		this.shards = shards;
		this.coordinator = coordinator;
	}

	/**
	 * All shards of this process.
	 * @return their descriptors
	 */
	@ReadOperation
	public ShardsDescriptor shards() {
		Instant now = Instant.now();
		List<ShardDescriptor> list = this.shards.shards().stream().map((shard) -> describe(shard, now)).toList();
		int total = this.shards.totalShards();
		DiscoveryStatus discovery = this.shards.discoveryStatus();
		Map<String, Object> discoveryDetails = (discovery.state() != DiscoveryStatus.State.NOT_USED)
				? discovery.details(now) : null;
		IdentifyRateLimiter limiter = this.shards.identifyLimiter();
		Map<String, Object> budget = limiter.sessionStartLimit().map((limit) -> {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("total", limit.total());
			details.put("remaining", limit.remaining());
			details.put("resetAfter", limit.resetAfter().toString());
			details.put("resetsAt", now.plus(limit.resetAfter()).toString());
			details.put("maxConcurrency", limit.maxConcurrency());
			details.put("exhausted", limiter.isExhausted());
			return details;
		}).orElse(null);
		return new ShardsDescriptor(total, list, discoveryDetails, budget);
	}

	/**
	 * One shard.
	 * @param shardId the shard id
	 * @return its descriptor, or {@code null} (404) if this process does not run it
	 */
	@ReadOperation
	public @Nullable ShardDescriptor shard(@Selector int shardId) {
		return this.shards.shard(shardId).map((shard) -> describe(shard, Instant.now())).orElse(null);
	}

	/**
	 * Act on one shard.
	 * @param shardId the shard id
	 * @param action {@code reconnect} or {@code restart}
	 * @return the outcome
	 * @throws InvalidEndpointRequestException (400) if this process does not run that shard or the action is unknown
	 */
	@WriteOperation
	public ShardActionResult action(@Selector int shardId, @Selector String action) {
		Shard shard = this.shards.shard(shardId).orElse(null);
		if (shard == null) {
			throw new InvalidEndpointRequestException("This process does not run shard " + shardId,
					"No such shard in this process");
		}
		switch (action.toLowerCase(Locale.ROOT)) {
			case "reconnect" -> {
				if (shard.state().isTerminal()) {
					throw new InvalidEndpointRequestException("Shard " + shardId + " is " + shard.state()
							+ "; use restart", "Shard is stopped; use restart");
				}
				shard.reconnect().block(ACTION_TIMEOUT);
				return new ShardActionResult(shardId, "reconnect", shard.state().name());
			}
			case "restart" -> {
				ShardManager manager = this.shards.manager().orElseThrow();
				// A new session (the old one ends): also revives a shard that stopped fatally.
				manager.stopShard(shardId, ShutdownMode.FINAL).then(manager.startShard(shardId)).block(ACTION_TIMEOUT);
				Shard fresh = this.shards.shard(shardId).orElse(shard);
				return new ShardActionResult(shardId, "restart", fresh.state().name());
			}
			default -> throw new InvalidEndpointRequestException("Unknown action '" + action
					+ "': use reconnect or restart", "Unknown action: use reconnect or restart");
		}
	}

	/**
	 * Re-shard the bot to {@code total} shards while it stays online ({@code POST /actuator/discord/reshard?total=N}):
	 * the new layout connects beside the old one and takes over once ready. Answers when the re-shard has begun (it
	 * runs on; {@code ReshardEvent}s and the logs follow it). With a {@link ReshardCoordinator} (shards shared by
	 * several processes through Redis) it moves the shared layout on, and every process re-shards its shards.
	 * @param operation {@code reshard}
	 * @param total the new shard count
	 * @return what was started
	 * @throws InvalidEndpointRequestException (400) if it cannot begin, with the reason
	 */
	@WriteOperation
	public ReshardResult reshard(@Selector String operation, int total) {
		if (!"reshard".equals(operation)) {
			throw new InvalidEndpointRequestException("Unknown operation '" + operation + "': use reshard?total=N",
					"Unknown operation: use reshard");
		}
		ShardManager manager = this.shards.manager()
			.orElseThrow(() -> new InvalidEndpointRequestException("The shards have not been started",
					"The shards have not been started"));
		int from = manager.totalShards();
		if (this.coordinator != null) {
			try {
				this.coordinator.requestReshard(total, "requested through the actuator endpoint").block(ACTION_TIMEOUT);
			}
			catch (RuntimeException ex) {
				throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
			}
			return new ReshardResult(from, total, "started");
		}
		// a refusal (same count, budget, partial selection, already under way) is signalled while subscribing,
		// before anything connects; a later failure is reported by the manager's log and a ReshardEvent.Failed
		AtomicReference<Throwable> refused = new AtomicReference<>();
		AtomicBoolean begun = new AtomicBoolean();
		manager.reshard(total).subscribe(null, (ex) -> {
			if (!begun.get()) {
				refused.set(ex);
			}
		});
		begun.set(true);
		Throwable refusal = refused.get();
		if (refusal != null) {
			throw new InvalidEndpointRequestException(refusal.getMessage(), refusal.getMessage());
		}
		return new ReshardResult(from, total, "started");
	}

	private ShardDescriptor describe(Shard shard, Instant now) {
		Integer closeCode = shard.lastCloseCode().isPresent() ? shard.lastCloseCode().getAsInt() : null;
		String failure = shard.failure().map((ex) -> {
			if (ex instanceof FatalCloseException fatal) {
				CloseCode code = CloseCode.of(fatal.closeCode());
				return (code != null) ? code.name() : String.valueOf(fatal.closeCode());
			}
			return ex.getClass().getSimpleName();
		}).orElse(null);
		return new ShardDescriptor(shard.shardId(), shard.totalShards(), shard.state().name(),
				shard.latency().map(Duration::toMillis).orElse(null),
				shard.averageLatency().map(Duration::toMillis).orElse(null),
				shard.sequence().isPresent() ? shard.sequence().getAsLong() : null,
				shard.sessionStartedAt().map(Instant::toString).orElse(null),
				shard.sessionStartedAt().map((at) -> Duration.between(at, now).toString()).orElse(null), closeCode,
				shard.reconnectCount(), shard.bufferedEvents(), failure,
				shard.identifyBlockedUntil().map(Instant::toString).orElse(null),
				this.shards.manager()
					.flatMap((manager) -> manager.sessionRestore(shard.shardId()))
					.map(SessionRestore::details)
					.orElse(null));
	}

	/**
	 * The shards of this process.
	 *
	 * @param totalShards the bot's shard count (0 until discovery answered)
	 * @param shards the shards this process runs
	 * @param discovery where {@code GET /gateway/bot} stands (state, attempts, lastError, nextAttemptIn), or
	 * {@code null} when it is not used
	 * @param sessionStartLimit the session-start budget as the identify limiter knows it (total, remaining,
	 * resetAfter, resetsAt, maxConcurrency, exhausted), or {@code null} when unknown
	 */
	public record ShardsDescriptor(int totalShards, List<ShardDescriptor> shards,
			@Nullable Map<String, Object> discovery,
			@Nullable Map<String, Object> sessionStartLimit) implements OperationResponseBody {

	}

	/**
	 * One shard. No session id, no token: nothing here helps to hijack the session.
	 *
	 * @param id the shard id
	 * @param totalShards the bot's shard count
	 * @param state the {@code ShardState}
	 * @param latencyMs last heartbeat round trip
	 * @param averageLatencyMs mean round trip over recent beats
	 * @param sequence last dispatch sequence of the session
	 * @param sessionStartedAt when the session started
	 * @param sessionAge how long ago
	 * @param lastCloseCode last close code received or sent
	 * @param reconnects reconnects so far
	 * @param bufferedEvents dispatches not yet delivered
	 * @param failure why it stopped, if it stopped fatally
	 * @param waitingForSessionStartLimitUntil when the spent session-start budget resets, while the shard waits for
	 * it to identify
	 * @param storedSession with a session store, what the shard's start found there: store, outcome (restored, none,
	 * rejected, lock-timeout), savedAt, age, and why it was not resumed; {@code null} without a store
	 */
	public record ShardDescriptor(int id, int totalShards, String state, @Nullable Long latencyMs,
			@Nullable Long averageLatencyMs, @Nullable Long sequence, @Nullable String sessionStartedAt,
			@Nullable String sessionAge, @Nullable Integer lastCloseCode, long reconnects, int bufferedEvents,
			@Nullable String failure, @Nullable String waitingForSessionStartLimitUntil,
			@Nullable Map<String, Object> storedSession) implements OperationResponseBody {

	}

	/**
	 * A re-shard that was started.
	 *
	 * @param from the shard count before
	 * @param to the shard count requested
	 * @param state {@code started} (the new layout connects; a ReshardEvent says when it took over)
	 */
	public record ReshardResult(int from, int to, String state) implements OperationResponseBody {

	}

	/**
	 * Outcome of a write operation.
	 *
	 * @param shardId the shard
	 * @param action what was done
	 * @param state the shard's state right after
	 */
	public record ShardActionResult(int shardId, String action, String state) implements OperationResponseBody {

	}

}
