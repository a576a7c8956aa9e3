package dev.shard.gateway;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.InMemoryIdentifyRateLimiter;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.ChildSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak run: 16 shards (zlib-stream, one shared identify limiter) under steady load for
 * {@code -Dshard.soak.minutes} (default 30), with a random fault at a random time every few seconds. The simulator
 * runs in a child JVM (driven over its HTTP control API), so the heap and threads measured here are the shards'
 * alone. Not part of the default build: see RELIABILITY.md for how to run it without holding the build lock.
 * <p>
 * It writes {@code target/soak-report.md}: events sent and delivered, duplicates and gaps (must be 0), identifies
 * and resumes, faults by kind, heap after GC and live threads at the start and at the end.
 */
@EnabledIfSystemProperty(named = "shard.soak", matches = "true")
class SoakTests {

	static final int SHARDS = 16;

	static final double RATE_PER_SHARD = Double.parseDouble(System.getProperty("shard.soak.rate", "50"));

	/** Sessions stay resumable 30 s; at the soak's rate a resume never asks for more than this. */
	static final int REPLAY_CAPACITY = 5_000;

	/**
	 * The shared limiter's window, against the simulator's 200 ms. Wider than the matrix's 300 ms: the simulator
	 * stamps an IDENTIFY when its event loop handles it, and with two cold JVMs on two cores a first trial saw two
	 * IDENTIFYs granted 300 ms apart handled less than 200 ms apart.
	 */
	static final Duration LIMITER_WINDOW = Duration.ofMillis(500);

	static final JsonMapper JSON = JsonMapper.builder().build();

	private ChildSimulator simulator;

	private HttpClient http;

	private String control;

	/** A peer that accepts TCP and never answers the upgrade: one kind of dead resume URL. */
	private SilentServer silent;

	@AfterEach
	void stopSimulator() throws java.io.IOException {
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.silent != null) {
			this.silent.close();
		}
	}

	@Test
	void soak() throws Exception {
		Duration duration = Duration.ofSeconds((long) (60 * Double.parseDouble(System.getProperty("shard.soak.minutes", "30"))));
		long seed = Long.getLong("shard.soak.seed", System.nanoTime());
		Random random = new Random(seed);
		Map<String, AtomicLong> faults = new TreeMap<>();
		// a fixed executor: the control client's threads must not show up as growth
		this.http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.executor(java.util.concurrent.Executors.newFixedThreadPool(2, (r) -> {
				Thread t = new Thread(r, "soak-control");
				t.setDaemon(true);
				return t;
			}))
			.build();
		this.simulator = ChildSimulator.start("512m", "--token", Fleet.TOKEN, "--guilds", "32", "--max-concurrency",
				"1", "--heartbeat-interval-ms", "1000", "--heartbeat-grace-ms", "2000", "--identify-window-ms",
				Long.toString(Fleet.SIM_IDENTIFY_WINDOW.toMillis()), "--session-expiry-ms", "30000",
				"--reconnect-close-after-ms", "2000", "--replay-capacity", Integer.toString(REPLAY_CAPACITY),
				"--connection-log-capacity", "1000");
		this.control = this.simulator.controlUrl();
		this.silent = new SilentServer();
		String gatewayUrl = this.simulator.gatewayUrl();
		InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, LIMITER_WINDOW);
		List<Shard> shards = new ArrayList<>();
		List<SoakSink> sinks = new ArrayList<>();
		List<Disposable> runs = new ArrayList<>();
		List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (int i = 0; i < SHARDS; i++) {
			ShardConfig config = Fleet.baseConfig(gatewayUrl).compression(Compression.ZLIB_STREAM).build();
			Shard shard = new Shard(i, SHARDS, config, limiter);
			SoakSink sink = new SoakSink();
			shard.lifecycle().ofType(ShardLifecycleEvent.Reconnecting.class).subscribe(sink::onReconnecting);
			shards.add(shard);
			sinks.add(sink);
			runs.add(shard.run(sink).subscribe(null, errors::add));
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> shards.stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
		summary();
		summary();
		long heapStart = heapAfterGc();
		int threadsStart = ManagementFactory.getThreadMXBean().getThreadCount();
		Map<String, Integer> threadGroupsStart = threadGroups();
		List<String> samples = new ArrayList<>();
		Instant start = Instant.now();
		Instant end = start.plus(duration);
		Instant nextSample = start.plus(Duration.ofMinutes(5));

		List<Map.Entry<String, Consumer<Integer>>> kinds = List.of(
				Map.entry("op 7", (s) -> post("reconnect", "{\"shard\":" + s + "}")),
				Map.entry("op 9 resumable", (s) -> post("invalidate", "{\"shard\":" + s + ",\"resumable\":true}")),
				Map.entry("op 9 not resumable", (s) -> post("invalidate", "{\"shard\":" + s + ",\"resumable\":false}")),
				Map.entry("close 4000", (s) -> post("close", "{\"shard\":" + s + ",\"code\":4000}")),
				Map.entry("close 4009", (s) -> post("close", "{\"shard\":" + s + ",\"code\":4009}")),
				Map.entry("close 1001", (s) -> post("close", "{\"shard\":" + s + ",\"code\":1001}")),
				Map.entry("close 1006 (drop)", (s) -> post("close", "{\"shard\":" + s + ",\"code\":1006}")),
				Map.entry("tcp drop", (s) -> post("drop", "{\"shard\":" + s + "}")),
				Map.entry("malformed JSON", (s) -> post("malformed-json", "{\"shard\":" + s + "}")),
				Map.entry("unknown opcode", (s) -> post("unknown-opcode", "{\"shard\":" + s + "}")),
				Map.entry("unknown dispatch type", (s) -> post("unknown-event", "{\"shard\":" + s + "}")),
				Map.entry("truncated frame", (s) -> post("truncated-frame", "{\"shard\":" + s + "}")),
				Map.entry("decompression bomb", (s) -> post("decompression-bomb", "{\"shard\":" + s + ",\"bytes\":2097152}")),
				// issue #16: slow heartbeat ACKs with a server op 1 (no false zombie), bad messages in a row, a dead
				// resume_gateway_url (refused, or an upgrade never answered) given to a new session of the shard
				Map.entry("op 1 with slow ACKs", (s) -> {
					post("ack-delay", "{\"ms\":700}");
					post("heartbeat-request", "{\"shard\":" + s + "}");
					pause(3000);
					post("ack-delay", "{\"ms\":0}");
				}),
				Map.entry("malformed JSON twice", (s) -> {
					post("malformed-json", "{\"shard\":" + s + "}");
					post("malformed-json", "{\"shard\":" + s + "}");
				}),
				Map.entry("dead resume URL", (s) -> {
					String dead = random.nextBoolean() ? this.silent.url() : refusedUrl();
					int sessionsBefore = sinks.get(s).lastSeq.size();
					post("resume-url", "{\"url\":\"" + dead + "\"}");
					post("invalidate", "{\"shard\":" + s + ",\"resumable\":false}");
					await().atMost(Duration.ofSeconds(30))
						.until(() -> sinks.get(s).lastSeq.size() > sessionsBefore
								&& shards.get(s).state() == ShardState.CONNECTED);
					post("resume-url", "{\"url\":null}");
					post("drop", "{\"shard\":" + s + "}");
				}),
				Map.entry("zombie (all shards)", (s) -> {
					post("zombie", "{\"enabled\":true}");
					await().atMost(Duration.ofSeconds(10))
						.until(() -> shards.stream().anyMatch((x) -> x.state() != ShardState.CONNECTED));
					post("zombie", "{\"enabled\":false}");
				}));
		CompletableFuture<?> load = CompletableFuture.completedFuture(null);
		long loadStarted = 0;
		while (Instant.now().isBefore(end)) {
			if (load.isDone()) {
				// 10 s of load per chunk at the configured rate, to every live session
				int chunk = (int) (RATE_PER_SHARD * 10);
				load = postAsync("dispatch", "{\"type\":\"MESSAGE_CREATE\",\"count\":" + chunk + ",\"ratePerSecond\":"
						+ RATE_PER_SHARD + ",\"wait\":true}");
				loadStarted++;
			}
			// a random fault at a random time, 2-8 s apart, on a random shard
			long waitMs = 2000 + random.nextInt(6000);
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
			await().pollInterval(Duration.ofMillis(100))
				.atMost(Duration.ofMillis(waitMs + 1000))
				.until(() -> System.nanoTime() >= deadline);
			Map.Entry<String, Consumer<Integer>> kind = kinds.get(random.nextInt(kinds.size()));
			int shard = random.nextInt(SHARDS);
			kind.getValue().accept(shard);
			faults.computeIfAbsent(kind.getKey(), (k) -> new AtomicLong()).incrementAndGet();
			if (Instant.now().isAfter(nextSample)) {
				// the trend, not only the two ends
				samples.add(Duration.between(start, Instant.now()).toMinutes() + " min: " + mb(heapAfterGc()) + ", "
						+ ManagementFactory.getThreadMXBean().getThreadCount() + " threads");
				nextSample = nextSample.plus(Duration.ofMinutes(5));
			}
		}
		load.get(60, TimeUnit.SECONDS);
		// settle: all connected, and each shard's current session delivered up to the simulator's last seq
		await().atMost(Duration.ofSeconds(60)).until(() -> shards.stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
		post("dispatch", "{\"type\":\"MESSAGE_CREATE\",\"count\":10,\"wait\":true}");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> complete(sinks));
		long heapEnd = heapAfterGc();
		int threadsEnd = ManagementFactory.getThreadMXBean().getThreadCount();
		Map<String, Integer> threadGroupsEnd = threadGroups();

		JsonNode summary = summary();
		long sent = 0;
		for (JsonNode n : summary.path("dispatched")) {
			sent += n.asLong();
		}
		long delivered = sinks.stream().mapToLong((s) -> s.delivered.get()).sum();
		long duplicates = sinks.stream().mapToLong((s) -> s.duplicates.get()).sum();
		long gaps = sinks.stream().mapToLong((s) -> s.gaps.get()).sum();
		long sessions = sinks.stream().mapToLong((s) -> s.lastSeq.size()).sum();
		long resumed = summary.path("resumes").path("RESUMED").asLong(0);
		long resumes = 0;
		for (JsonNode n : summary.path("resumes")) {
			resumes += n.asLong();
		}
		long reconnects = shards.stream().mapToLong(Shard::reconnectCount).sum();
		Map<String, Long> causes = new TreeMap<>();
		for (SoakSink sink : sinks) {
			sink.causes.forEach((k, v) -> causes.merge(k, v.get(), Long::sum));
		}
		int violations = summary.path("violations").size();
		StringBuilder r = new StringBuilder();
		r.append("### Soak run ").append(Instant.now()).append("\n\n");
		r.append("| what | value |\n|---|---|\n");
		row(r, "duration under load", Duration.between(start, Instant.now()).toSeconds() + " s");
		row(r, "shards", SHARDS + " (zlib-stream, one shared InMemoryIdentifyRateLimiter, " + LIMITER_WINDOW.toMillis()
				+ " ms window; simulator window 200 ms)");
		row(r, "simulator", "child JVM (-Xmx512m), replay capacity " + REPLAY_CAPACITY + " per session, sessions resumable 30 s");
		row(r, "load", RATE_PER_SHARD + " MESSAGE_CREATE/s per live session, " + loadStarted + " chunks of 10 s");
		row(r, "seed", Long.toString(seed));
		row(r, "faults injected", faults.values().stream().mapToLong(AtomicLong::get).sum() + " " + faults);
		row(r, "dispatches sent by the simulator (all sessions, incl. READY/GUILD_CREATE/RESUMED)", Long.toString(sent));
		row(r, "dispatches delivered to the sinks", Long.toString(delivered));
		row(r, "sent to sessions the shard had to abandon (op 9 false, 4009: by protocol)", Long.toString(sent - delivered));
		row(r, "duplicates delivered", Long.toString(duplicates));
		row(r, "sequence gaps within a session", Long.toString(gaps));
		row(r, "sessions (READY) seen", Long.toString(sessions));
		row(r, "identifies", Long.toString(summary.path("identifies").asLong()));
		row(r, "resumes (RESUMED)", resumed + " of " + resumes + " " + summary.path("resumes"));
		row(r, "reconnects", reconnects + " " + causes);
		row(r, "simulator violations (4008, identify window...)", violations + " " + summary.path("violations"));
		row(r, "run() errors", errors.size() + " " + errors);
		row(r, "client heap after GC, start / end", mb(heapStart) + " / " + mb(heapEnd));
		row(r, "client live threads, start / end", threadsStart + " / " + threadsEnd);
		row(r, "client threads by name, start", threadGroupsStart.toString());
		row(r, "client threads by name, end", threadGroupsEnd.toString());
		row(r, "every 5 minutes", String.join("; ", samples));
		r.append("\nTop of the client's live heap at the end (after GC):\n\n```\n").append(histogram(12)).append("```\n");
		String report = r.toString();
		System.out.println(report);
		Files.writeString(Path.of("target", "soak-report.md"), report, StandardCharsets.UTF_8);

		for (Disposable d : runs) {
			d.dispose();
		}
		for (Shard s : shards) {
			s.shutdown().block(Duration.ofSeconds(10));
		}
		assertThat(duplicates).as("duplicates").isZero();
		assertThat(gaps).as("gaps").isZero();
		assertThat(errors).as("run() errors").isEmpty();
		assertThat(violations).as("violations").isZero();
		assertThat(threadsEnd).as("threads").isLessThanOrEqualTo(threadsStart + 16);
	}

	/** Every shard's current session delivered everything the simulator has sent it. */
	private boolean complete(List<SoakSink> sinks) {
		Map<String, Long> last = new java.util.HashMap<>();
		for (JsonNode s : summary().path("sessions")) {
			last.put(s.path("id").asString(), s.path("seq").asLong());
		}
		for (SoakSink s : sinks) {
			String session = s.session;
			Long expected = (session != null) ? last.get(session) : null;
			Long got = (session != null) ? s.lastSeq.get(session) : null;
			if (expected == null || !expected.equals(got)) {
				return false;
			}
		}
		return true;
	}

	/** A pause between the steps of one fault (the fault is the timing, not a synchronisation). */
	private static void pause(long ms) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
		await().pollInterval(Duration.ofMillis(50))
			.atMost(Duration.ofMillis(ms + 1000))
			.until(() -> System.nanoTime() >= deadline);
	}

	private static String refusedUrl() {
		try {
			return SilentServer.refusedUrl();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private void post(String route, String body) {
		try {
			postAsync(route, body).get(120, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("control " + route + " failed", ex);
		}
	}

	private CompletableFuture<String> postAsync(String route, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.control + "/" + route))
			.timeout(Duration.ofSeconds(120))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((res) -> {
			if (res.statusCode() >= 300) {
				throw new IllegalStateException("control " + route + ": HTTP " + res.statusCode() + " " + res.body());
			}
			return res.body();
		});
	}

	private JsonNode summary() {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.control + "/summary"))
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build();
			return JSON.readTree(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body());
		}
		catch (Exception ex) {
			throw new IllegalStateException("control summary failed", ex);
		}
	}

	private static void row(StringBuilder r, String what, String value) {
		r.append("| ").append(what).append(" | ").append(value).append(" |\n");
	}

	private static String mb(long bytes) {
		return String.format("%.1f MiB", bytes / 1048576.0);
	}

	/** The first {@code lines} classes of {@code GC.class_histogram} (a full GC first), through the diagnostic MBean. */
	private static String histogram(int lines) {
		try {
			Object out = ManagementFactory.getPlatformMBeanServer()
				.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
						new Object[] { null }, new String[] { String[].class.getName() });
			String[] all = String.valueOf(out).split("\n");
			return String.join("\n", java.util.Arrays.copyOf(all, Math.min(all.length, lines + 2))) + "\n";
		}
		catch (Exception ex) {
			return "(histogram unavailable: " + ex + ")\n";
		}
	}

	/** Live threads by name with the trailing number removed ({@code reactor-http-epoll-3} -> {@code reactor-http-epoll-}). */
	private static Map<String, Integer> threadGroups() {
		Map<String, Integer> out = new TreeMap<>();
		for (Thread t : Thread.getAllStackTraces().keySet()) {
			out.merge(t.getName().replaceAll("\\d+$", "#"), 1, Integer::sum);
		}
		return out;
	}

	/** The lowest of a few readings after {@code System.gc()}: the live heap, not what the last GC left behind. */
	private static long heapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/** Counts, per session, what arrived; remembers only the last sequence per session. */
	static final class SoakSink implements ShardSink {

		final AtomicLong delivered = new AtomicLong();

		final AtomicLong duplicates = new AtomicLong();

		final AtomicLong gaps = new AtomicLong();

		final Map<String, Long> lastSeq = new ConcurrentHashMap<>();

		final Map<String, AtomicLong> causes = new ConcurrentHashMap<>();

		volatile String session;

		void onReconnecting(ShardLifecycleEvent.Reconnecting e) {
			String detail = String.valueOf(e.detail());
			String kind = (e.cause() != ReconnectCause.TRANSPORT) ? e.cause().name()
					: detail.contains("sequence gap") ? "TRANSPORT/sequence gap"
					: detail.contains("malformed") ? "TRANSPORT/corrupt stream (garbage)"
					: detail.contains("cap") ? "TRANSPORT/over the inbound cap"
					: detail.contains("zlib") ? "TRANSPORT/zlib error" : "TRANSPORT/dropped";
			this.causes.computeIfAbsent(kind + (e.resume() ? " -> resume" : " -> identify"), (k) -> new AtomicLong())
				.incrementAndGet();
		}

		@Override
		public void onDispatch(GatewayDispatch d) {
			if ("READY".equals(d.type())) {
				this.session = JSON.readTree(d.frame()).path("d").path("session_id").asString(null);
			}
			this.delivered.incrementAndGet();
			long last = this.lastSeq.getOrDefault(this.session, 0L);
			if (d.sequence() <= last) {
				this.duplicates.incrementAndGet();
			}
			else if (d.sequence() != last + 1) {
				this.gaps.incrementAndGet();
			}
			this.lastSeq.put(this.session, Math.max(last, d.sequence()));
		}

	}

}
