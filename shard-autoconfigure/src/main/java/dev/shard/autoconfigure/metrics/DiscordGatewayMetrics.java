package dev.shard.autoconfigure.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.event.EventTypes;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardObserver;
import dev.shard.gateway.ShardState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The shards' Micrometer meters, fed by the core's {@link ShardObserver} callbacks and by the event bridge (dispatch
 * lag). Meter names are fixed so that dashboards can rely on them:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@value #EVENTS}</td><td>counter</td><td>shard, type</td><td>dispatches received; {@code type} is a
 * documented dispatch name or {@code unknown}</td></tr>
 * <tr><td>{@value #LATENCY}</td><td>timer</td><td>shard</td><td>heartbeat round trip</td></tr>
 * <tr><td>{@value #RECONNECTS}</td><td>counter</td><td>shard, cause</td><td>reconnects, by {@link ReconnectCause}
 * in lower case</td></tr>
 * <tr><td>{@value #IDENTIFIES}, {@value #RESUMES}</td><td>counter</td><td>shard</td><td>Identify / Resume sent</td></tr>
 * <tr><td>{@value #DISPATCH_QUEUE}</td><td>gauge</td><td>shard</td><td>dispatches received and not yet delivered</td></tr>
 * <tr><td>{@value #DISPATCH_LAG}</td><td>timer</td><td>shard</td><td>from receipt of a dispatch to the start of its
 * listeners</td></tr>
 * <tr><td>{@value #COMMANDS}</td><td>counter</td><td>shard, op</td><td>payloads sent (heartbeats, identify and user
 * commands); {@code op} is the opcode or {@code other} above 63</td></tr>
 * <tr><td>{@value #COMMANDS_WAIT}</td><td>timer</td><td>shard</td><td>time a payload waited for the send limiter</td></tr>
 * <tr><td>{@value #BYTES}</td><td>counter</td><td>shard, direction (in/out), kind (compressed/inflated)</td><td>bytes
 * on the wire ({@code compressed}, even with compression off) and after inflating ({@code inflated}); outbound
 * payloads are never compressed, so both kinds count them</td></tr>
 * <tr><td>{@value #SHARDS}</td><td>gauge</td><td>state</td><td>shards of this process per {@link ShardState}</td></tr>
 * <tr><td>{@value #SESSION_CHECKPOINTS}</td><td>counter</td><td>result (written, failed)</td><td>background saves to
 * the session store ({@code discord.gateway.session-store}; the Redis coordination counts its own under
 * {@code discord.cluster.checkpoints})</td></tr>
 * </table>
 * Meters of one shard are created when it first reports, and cached: the hot path does no registry lookup.
 */
public final class DiscordGatewayMetrics implements ShardObserver {

	/** Dispatches received. */
	public static final String EVENTS = "discord.gateway.events";

	/** Heartbeat round trip. */
	public static final String LATENCY = "discord.gateway.latency";

	/** Reconnects by cause. */
	public static final String RECONNECTS = "discord.gateway.reconnects";

	/** Identify payloads sent. */
	public static final String IDENTIFIES = "discord.gateway.identifies";

	/** Resume payloads sent. */
	public static final String RESUMES = "discord.gateway.resumes";

	/** Dispatches buffered and not yet delivered. */
	public static final String DISPATCH_QUEUE = "discord.gateway.dispatch.queue";

	/** Receipt to listener start. */
	public static final String DISPATCH_LAG = "discord.gateway.dispatch.lag";

	/** Payloads sent by opcode. */
	public static final String COMMANDS = "discord.gateway.commands";

	/** Wait for the send limiter. */
	public static final String COMMANDS_WAIT = "discord.gateway.commands.wait";

	/** Bytes by direction and kind. */
	public static final String BYTES = "discord.gateway.bytes";

	/** Shards by state. */
	public static final String SHARDS = "discord.gateway.shards";

	/** Background saves to the session store. */
	public static final String SESSION_CHECKPOINTS = "discord.gateway.session.checkpoints";

	/** The {@code type} tag of dispatch types outside the documented set. */
	public static final String UNKNOWN_TYPE = "unknown";

	private static final int MAX_CACHED_OP = 63;

	private final MeterRegistry registry;

	private final GatewayShards shards;

	private final Object lock = new Object();

	private volatile ShardMeters[] meters = new ShardMeters[0];

	/**
	 * Create the meters.
	 * @param registry the registry
	 * @param shards the shards of this process (for the gauges)
	 */
	public DiscordGatewayMetrics(MeterRegistry registry, GatewayShards shards) {
		this.registry = registry;
		this.shards = shards;
		for (ShardState state : ShardState.values()) {
			Gauge.builder(SHARDS, shards, (s) -> count(s, state))
				.tag("state", tag(state))
				.description("Shards of this process in each state")
				.register(registry);
		}
		FunctionCounter.builder(SESSION_CHECKPOINTS, shards, (s) -> checkpoints(s, true))
			.tag("result", "written")
			.description("Session checkpoints written to the session store")
			.register(registry);
		FunctionCounter.builder(SESSION_CHECKPOINTS, shards, (s) -> checkpoints(s, false))
			.tag("result", "failed")
			.description("Session checkpoints that failed (retried by the next one)")
			.register(registry);
	}

	private static double checkpoints(GatewayShards shards, boolean written) {
		return shards.manager()
			.flatMap(ShardManager::sessionCheckpointer)
			.map((c) -> (double) (written ? c.writeCount() : c.failureCount()))
			.orElse(0.0);
	}

	private static double count(GatewayShards shards, ShardState state) {
		ShardManager manager = shards.manager().orElse(null);
		if (manager != null) {
			// Counts the shards not launched yet as DISCONNECTED.
			return manager.states().getOrDefault(state, 0);
		}
		int n = 0;
		for (Shard shard : shards.shards()) {
			if (shard.state() == state) {
				n++;
			}
		}
		return n;
	}

	static String tag(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public void onFrame(int shardId, int wireBytes, int inflatedBytes) {
		ShardMeters m = meters(shardId);
		m.bytesInCompressed.increment(wireBytes);
		if (inflatedBytes > 0) {
			m.bytesInInflated.increment(inflatedBytes);
		}
	}

	@Override
	public void onDispatch(int shardId, String type) {
		meters(shardId).event(type).increment();
	}

	@Override
	public void onSend(int shardId, int op, int bytes, Duration limiterWait) {
		ShardMeters m = meters(shardId);
		m.command(op).increment();
		m.commandWait.record(limiterWait);
		m.bytesOutCompressed.increment(bytes);
		m.bytesOutInflated.increment(bytes);
	}

	@Override
	public void onIdentify(int shardId) {
		meters(shardId).identifies.increment();
	}

	@Override
	public void onResume(int shardId) {
		meters(shardId).resumes.increment();
	}

	@Override
	public void onReconnect(int shardId, ReconnectCause cause) {
		meters(shardId).reconnects[cause.ordinal()].increment();
	}

	@Override
	public void onHeartbeatAck(int shardId, Duration latency) {
		meters(shardId).latency.record(latency);
	}

	/**
	 * Record the lag of one dispatch, from receipt to now (its listeners are about to run).
	 * @param dispatch the dispatch being published
	 */
	public void recordDispatchLag(GatewayDispatch dispatch) {
		meters(dispatch.shardId()).dispatchLag.record(System.nanoTime() - dispatch.receivedNanos(),
				TimeUnit.NANOSECONDS);
	}

	private ShardMeters meters(int shardId) {
		ShardMeters[] current = this.meters;
		if (shardId >= 0 && shardId < current.length) {
			ShardMeters m = current[shardId];
			if (m != null) {
				return m;
			}
		}
		return create(shardId);
	}

	private ShardMeters create(int shardId) {
		synchronized (this.lock) {
			ShardMeters[] current = this.meters;
			if (shardId < current.length && current[shardId] != null) {
				return current[shardId];
			}
			ShardMeters[] grown = java.util.Arrays.copyOf(current, Math.max(current.length, shardId + 1));
			grown[shardId] = new ShardMeters(shardId);
			this.meters = grown;
			return grown[shardId];
		}
	}

	/** The meters of one shard. */
	private final class ShardMeters {

		private final Tags tags;

		private final Map<String, Counter> events = new ConcurrentHashMap<>();

		private final Counter unknownEvents;

		private final AtomicReferenceArray<Counter> commands = new AtomicReferenceArray<>(MAX_CACHED_OP + 2);

		private final Counter[] reconnects;

		private final Counter identifies;

		private final Counter resumes;

		private final Timer latency;

		private final Timer dispatchLag;

		private final Timer commandWait;

		private final Counter bytesInCompressed;

		private final Counter bytesInInflated;

		private final Counter bytesOutCompressed;

		private final Counter bytesOutInflated;

		ShardMeters(int shardId) {
			MeterRegistry registry = DiscordGatewayMetrics.this.registry;
			this.tags = Tags.of("shard", String.valueOf(shardId));
			this.unknownEvents = eventCounter(UNKNOWN_TYPE);
			ReconnectCause[] causes = ReconnectCause.values();
			this.reconnects = new Counter[causes.length];
			for (ReconnectCause cause : causes) {
				this.reconnects[cause.ordinal()] = Counter.builder(RECONNECTS)
					.tags(this.tags)
					.tag("cause", tag(cause))
					.description("Reconnects of a shard by cause")
					.register(registry);
			}
			this.identifies = Counter.builder(IDENTIFIES).tags(this.tags).description("Identify payloads sent")
				.register(registry);
			this.resumes = Counter.builder(RESUMES).tags(this.tags).description("Resume payloads sent")
				.register(registry);
			this.latency = Timer.builder(LATENCY).tags(this.tags).description("Heartbeat round trip")
				.register(registry);
			this.dispatchLag = Timer.builder(DISPATCH_LAG).tags(this.tags)
				.description("Time from receipt of a dispatch to the start of its listeners")
				.register(registry);
			this.commandWait = Timer.builder(COMMANDS_WAIT).tags(this.tags)
				.description("Time a payload waited for the send rate limiter")
				.register(registry);
			this.bytesInCompressed = bytes("in", "compressed");
			this.bytesInInflated = bytes("in", "inflated");
			this.bytesOutCompressed = bytes("out", "compressed");
			this.bytesOutInflated = bytes("out", "inflated");
			GatewayShards shards = DiscordGatewayMetrics.this.shards;
			Gauge.builder(DISPATCH_QUEUE, shards,
					(s) -> s.shard(shardId).map(Shard::bufferedEvents).orElse(0).doubleValue())
				.tags(this.tags)
				.description("Dispatches received and not yet delivered")
				.register(registry);
		}

		private Counter bytes(String direction, String kind) {
			return Counter.builder(BYTES)
				.tags(this.tags)
				.tag("direction", direction)
				.tag("kind", kind)
				.baseUnit("bytes")
				.description("Gateway traffic")
				.register(DiscordGatewayMetrics.this.registry);
		}

		private Counter eventCounter(String type) {
			return Counter.builder(EVENTS)
				.tags(this.tags)
				.tag("type", type)
				.description("Dispatches received")
				.register(DiscordGatewayMetrics.this.registry);
		}

		Counter event(String type) {
			Counter counter = this.events.get(type);
			if (counter != null) {
				return counter;
			}
			// Only documented types get their own tag (and cache entry): the set stays bounded.
			if (type == null || !EventTypes.isKnown(type)) {
				return this.unknownEvents;
			}
			return this.events.computeIfAbsent(type, this::eventCounter);
		}

		Counter command(int op) {
			int index = (op >= 0 && op <= MAX_CACHED_OP) ? op : MAX_CACHED_OP + 1;
			Counter counter = this.commands.get(index);
			if (counter == null) {
				String opTag = (index <= MAX_CACHED_OP) ? String.valueOf(op) : "other";
				counter = Counter.builder(COMMANDS)
					.tags(this.tags)
					.tag("op", opTag)
					.description("Payloads sent by opcode")
					.register(DiscordGatewayMetrics.this.registry);
				this.commands.compareAndSet(index, null, counter);
			}
			return counter;
		}

	}

}
