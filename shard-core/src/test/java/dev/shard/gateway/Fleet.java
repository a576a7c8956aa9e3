package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * N real shards sharing one {@link InMemoryIdentifyRateLimiter}, connected to a {@link GatewaySimulator} over
 * loopback, each with a sink that records what it delivered per session, and the checks that compare it with what
 * the simulator says it dispatched.
 */
public final class Fleet implements AutoCloseable {

	public static final String TOKEN = "Nzk5MTIzNDU2Nzg5MDEyMzQ1.Gx7kQz.reliability-token-0123456789abcdef";

	/** The simulator's identify window; the shared limiter spaces identifies a little wider (see below). */
	public static final Duration SIM_IDENTIFY_WINDOW = Duration.ofMillis(200);

	/** Wider than the simulator's window: a grant and the IDENTIFY's arrival are a few ms apart. */
	public static final Duration LIMITER_WINDOW = Duration.ofMillis(300);

	public static final Duration HEARTBEAT = Duration.ofMillis(400);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public final GatewaySimulator sim;

	public final InMemoryIdentifyRateLimiter limiter;

	public final List<Member> members = new ArrayList<>();

	public Fleet(GatewaySimulator sim, int shards, UnaryOperator<ShardConfig.Builder> config, SinkBehaviour behaviour) {
		this(sim, shards, config, behaviour, sim.gatewayUrl());
	}

	public Fleet(GatewaySimulator sim, int shards, UnaryOperator<ShardConfig.Builder> config, SinkBehaviour behaviour,
			String gatewayUrl) {
		this.sim = sim;
		this.limiter = new InMemoryIdentifyRateLimiter(1, LIMITER_WINDOW);
		for (int i = 0; i < shards; i++) {
			ShardConfig c = config.apply(baseConfig(gatewayUrl)).build();
			this.members.add(new Member(new Shard(i, shards, c, this.limiter), new RecordingSink(behaviour)));
		}
	}

	/** A heartbeat ACK padded with incompressible text: over the 256 KiB cap on the wire, not only inflated. */
	public static String oversized(int bytes) {
		byte[] random = new byte[bytes * 3 / 4];
		new Random(7).nextBytes(random);
		return "{\"t\":null,\"s\":null,\"op\":11,\"d\":null,\"pad\":\"" + Base64.getEncoder().encodeToString(random)
				+ "\"}";
	}

	public static GatewaySimulator.Builder simulator() {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.heartbeatInterval(HEARTBEAT)
			.heartbeatGrace(Duration.ofSeconds(2))
			.identifyWindow(SIM_IDENTIFY_WINDOW)
			.maxConcurrency(1)
			.guilds(8)
			.sessionExpiry(Duration.ofSeconds(60))
			.reconnectCloseAfter(Duration.ofSeconds(2));
	}

	public static ShardConfig.Builder baseConfig(String gatewayUrl) {
		return ShardConfig.builder(TOKEN)
			.gatewayUrl(gatewayUrl)
			.compression(Compression.ZLIB_STREAM)
			.helloTimeout(Duration.ofSeconds(3))
			.readyTimeout(Duration.ofSeconds(5))
			.invalidSessionDelay(Duration.ofMillis(10), Duration.ofMillis(50))
			.reconnectBackoff(new ShardConfig.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0))
			.maxInboundMessageSize(256 * 1024);
	}

	public Fleet start() {
		for (Member m : this.members) {
			m.start();
		}
		return this;
	}

	public Member member(int i) {
		return this.members.get(i);
	}

	public boolean allConnected() {
		return this.members.stream().allMatch((m) -> m.shard.state() == ShardState.CONNECTED);
	}

	public long reconnects() {
		return this.members.stream().mapToLong((m) -> m.shard.reconnectCount()).sum();
	}

	/**
	 * Whether every shard is connected and has delivered exactly what the simulator holds for its current session.
	 */
	public boolean converged() {
		if (!allConnected()) {
			return false;
		}
		for (Member m : this.members) {
			String session = m.sink.currentSession();
			if (session == null) {
				return false;
			}
			List<Delivered> expected = simulatorView(m.shard.shardId(), session);
			if (!expected.equals(m.sink.bySession().get(session))) {
				return false;
			}
		}
		return true;
	}

	/** Waits for {@link #converged()}; on timeout fails with what differs, shard by shard. */
	public void awaitConverged(Duration timeout) {
		try {
			org.awaitility.Awaitility.await().atMost(timeout).until(this::converged);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("Not converged within " + timeout + ":\n" + describe(), ex);
		}
	}

	/** Per shard: state, session, delivered vs dispatched, and the first difference. */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		for (Member m : this.members) {
			String session = m.sink.currentSession();
			List<Delivered> got = (session != null) ? m.sink.bySession().getOrDefault(session, List.of()) : List.of();
			List<Delivered> sent = (session != null) ? simulatorView(m.shard.shardId(), session) : List.of();
			int diff = -1;
			for (int i = 0; i < Math.max(got.size(), sent.size()); i++) {
				if (i >= got.size() || i >= sent.size() || !got.get(i).equals(sent.get(i))) {
					diff = i;
					break;
				}
			}
			sb.append("shard ").append(m.shard.shardId()).append(' ').append(m.shard.state()).append(" session ")
				.append(session).append(" delivered ").append(got.size()).append(" sent ").append(sent.size())
				.append(" first difference at ").append(diff);
			if (diff >= 0) {
				sb.append(": got ").append((diff < got.size()) ? got.get(diff) : "-").append(", sent ")
					.append((diff < sent.size()) ? sent.get(diff) : "-");
			}
			sb.append(", reconnects ").append(m.shard.reconnectCount()).append('\n');
		}
		return sb.toString();
	}

	/** What the simulator dispatched to {@code session} of {@code shard}, in sequence order. */
	public List<Delivered> simulatorView(int shard, String session) {
		List<Delivered> out = new ArrayList<>();
		for (SimulatorLog.Dispatch d : this.sim.dispatched(shard)) {
			if (d.sessionId().equals(session)) {
				out.add(new Delivered(d.sessionId(), d.seq(), d.type()));
			}
		}
		return out;
	}

	@Override
	public void close() {
		for (Member m : this.members) {
			m.close();
		}
	}

	/** How the recording sink behaves: the listener faults. */
	public record SinkBehaviour(long sleepNanosPerDispatch, int throwEvery, int errorEvery) {

		public static final SinkBehaviour NORMAL = new SinkBehaviour(0, 0, 0);

	}

	/** One delivered dispatch. */
	public record Delivered(String session, long seq, String type) {
	}

	/** One shard with its sink and what {@code run} and {@code lifecycle} signalled. */
	public static final class Member {

		public final Shard shard;

		public final RecordingSink sink;

		public final List<ShardLifecycleEvent> events = new CopyOnWriteArrayList<>();

		public final AtomicReference<Throwable> error = new AtomicReference<>();

		public final AtomicBoolean completed = new AtomicBoolean();

		private Disposable run;

		private Disposable lifecycle;

		public Member(Shard shard, RecordingSink sink) {
			this.shard = shard;
			this.sink = sink;
		}

		public void start() {
			this.lifecycle = this.shard.lifecycle().subscribe(this.events::add);
			this.run = this.shard.run(this.sink).subscribe(null, this.error::set, () -> this.completed.set(true));
		}

		public boolean terminated() {
			return this.completed.get() || this.error.get() != null;
		}

		public <T extends ShardLifecycleEvent> List<T> events(Class<T> type) {
			List<T> out = new ArrayList<>();
			for (ShardLifecycleEvent e : this.events) {
				if (type.isInstance(e)) {
					out.add(type.cast(e));
				}
			}
			return out;
		}

		public void close() {
			try {
				this.shard.shutdown().block(Duration.ofSeconds(10));
			}
			finally {
				if (this.run != null) {
					this.run.dispose();
				}
				if (this.lifecycle != null) {
					this.lifecycle.dispose();
				}
			}
		}

	}

	/**
	 * Records every dispatch with the session it belongs to (the session of the last READY delivered before it),
	 * counts duplicates, and can be slow or throw.
	 */
	public static class RecordingSink implements ShardSink {

		public final List<Delivered> delivered = new CopyOnWriteArrayList<>();

		public final AtomicLong duplicates = new AtomicLong();

		public final AtomicLong calls = new AtomicLong();

		public final AtomicLong concurrent = new AtomicLong();

		public final AtomicLong maxConcurrent = new AtomicLong();

		private final SinkBehaviour behaviour;

		private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

		private volatile String session;

		public RecordingSink(SinkBehaviour behaviour) {
			this.behaviour = behaviour;
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			long now = this.concurrent.incrementAndGet();
			this.maxConcurrent.accumulateAndGet(now, Math::max);
			try {
				if ("READY".equals(dispatch.type())) {
					JsonNode root = JSON.readTree(dispatch.frame());
					this.session = root.path("d").path("session_id").asString(null);
				}
				Delivered d = new Delivered(this.session, dispatch.sequence(), dispatch.type());
				if (!this.seen.add(d.session() + "/" + d.seq())) {
					this.duplicates.incrementAndGet();
				}
				this.delivered.add(d);
				long n = this.calls.incrementAndGet();
				if (this.behaviour.sleepNanosPerDispatch() > 0 && "MESSAGE_CREATE".equals(dispatch.type())) {
					// the listener under test is slow: that is the fault, not a synchronisation
					LockSupport.parkNanos(this.behaviour.sleepNanosPerDispatch());
				}
				if (this.behaviour.errorEvery() > 0 && n % this.behaviour.errorEvery() == 0) {
					throw new AssertionError("listener error (simulated)");
				}
				if (this.behaviour.throwEvery() > 0 && n % this.behaviour.throwEvery() == 0) {
					throw new IllegalStateException("listener failure (simulated)");
				}
			}
			finally {
				this.concurrent.decrementAndGet();
			}
		}

		public String currentSession() {
			return this.session;
		}

		public long count(String type) {
			return this.delivered.stream().filter((d) -> d.type().equals(type)).count();
		}

		/** Delivered dispatches grouped by session, each in delivery order. */
		public Map<String, List<Delivered>> bySession() {
			Map<String, List<Delivered>> out = new LinkedHashMap<>();
			for (Delivered d : this.delivered) {
				out.computeIfAbsent(String.valueOf(d.session()), (k) -> new ArrayList<>()).add(d);
			}
			return out;
		}

	}

	/** Lets every identify through at once (for tests that do not look at the identify window). */
	public static final IdentifyRateLimiter NO_WAIT = (shardId) -> reactor.core.publisher.Mono
		.just(new IdentifyRateLimiter.IdentifyPermit(shardId, 0, 0));

}
