package dev.shard.reliability;

import java.lang.management.ManagementFactory;
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
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak run: 16 shards (zlib-stream, one shared identify limiter) under steady load for
 * {@code -Dshard.soak.minutes} (default 30), with a random fault at a random time every few seconds. Not part of
 * the default build:
 *
 * <pre>
 * flock /tmp/mvn.lock ./mvnw -B -ntp -o test -pl shard-autoconfigure -am -Dtest=SoakTests \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dshard.soak=true -Dshard.soak.minutes=30
 * </pre>
 *
 * It writes {@code target/soak-report.md}: events sent and delivered, duplicates and gaps (must be 0), identifies
 * and resumes, faults by kind, heap after GC and live threads at the start and at the end.
 */
@EnabledIfSystemProperty(named = "shard.soak", matches = "true")
class SoakTests {

	static final int SHARDS = 16;

	static final double RATE_PER_SHARD = Double.parseDouble(System.getProperty("shard.soak.rate", "50"));

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void soak() throws Exception {
		Duration duration = Duration.ofSeconds((long) (60 * Double.parseDouble(System.getProperty("shard.soak.minutes", "30"))));
		long seed = Long.getLong("shard.soak.seed", System.nanoTime());
		Random random = new Random(seed);
		Map<String, AtomicLong> faults = new TreeMap<>();
		try (GatewaySimulator sim = Fleet.simulator()
			.heartbeatInterval(Duration.ofSeconds(1))
			.guilds(32)
			.sessionExpiry(Duration.ofSeconds(30))
			.replayCapacity(50_000)
			.build()
			.start()) {
			InMemoryIdentifyRateLimiter limiter = new InMemoryIdentifyRateLimiter(1, Fleet.LIMITER_WINDOW);
			List<Shard> shards = new ArrayList<>();
			List<SoakSink> sinks = new ArrayList<>();
			List<Disposable> runs = new ArrayList<>();
			List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
			for (int i = 0; i < SHARDS; i++) {
				ShardConfig config = Fleet.baseConfig(sim.gatewayUrl()).compression(Compression.ZLIB_STREAM).build();
				Shard shard = new Shard(i, SHARDS, config, limiter);
				SoakSink sink = new SoakSink();
				shards.add(shard);
				sinks.add(sink);
				runs.add(shard.run(sink).subscribe(null, errors::add));
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> shards.stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
			long heapStart = heapAfterGc();
			int threadsStart = ManagementFactory.getThreadMXBean().getThreadCount();
			Instant start = Instant.now();
			Instant end = start.plus(duration);

			List<Map.Entry<String, Consumer<Integer>>> kinds = List.of(Map.entry("op 7", sim::reconnect),
					Map.entry("op 9 resumable", (s) -> sim.invalidate(s, true)),
					Map.entry("op 9 not resumable", (s) -> sim.invalidate(s, false)),
					Map.entry("close 4000", (s) -> sim.close(s, 4000)), Map.entry("close 4009", (s) -> sim.close(s, 4009)),
					Map.entry("close 1001", (s) -> sim.close(s, 1001)), Map.entry("tcp drop", sim::drop),
					Map.entry("malformed JSON", sim::sendMalformedJson), Map.entry("unknown opcode", sim::sendUnknownOpcode),
					Map.entry("truncated frame", sim::sendTruncatedFrame),
					Map.entry("decompression bomb", (s) -> sim.sendDecompressionBomb(s, 2 * 1024 * 1024)),
					Map.entry("zombie (all shards)", (s) -> {
						sim.zombie(true);
						await().atMost(Duration.ofSeconds(10)).until(() -> shards.stream().anyMatch((x) -> x.state() != ShardState.CONNECTED));
						sim.zombie(false);
					}));
			CompletableFuture<Long> load = CompletableFuture.completedFuture(0L);
			long loadStarted = 0;
			while (Instant.now().isBefore(end)) {
				if (load.isDone()) {
					// 10 s of load per chunk at the configured rate, to every live session
					int chunk = (int) (RATE_PER_SHARD * 10);
					load = sim.dispatch("MESSAGE_CREATE", chunk, null, RATE_PER_SHARD);
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
			}
			load.get(60, TimeUnit.SECONDS);
			// settle: all connected, and each shard's current session delivered up to the simulator's last seq
			await().atMost(Duration.ofSeconds(60)).until(() -> shards.stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
			sim.dispatch("MESSAGE_CREATE", 10, null, null).get(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> complete(sim, sinks));
			long heapEnd = heapAfterGc();
			int threadsEnd = ManagementFactory.getThreadMXBean().getThreadCount();

			SimulatorLog log = sim.log();
			long sent = sim.dispatchedCounts().values().stream().mapToLong(Long::longValue).sum();
			long delivered = sinks.stream().mapToLong((s) -> s.delivered.get()).sum();
			long duplicates = sinks.stream().mapToLong((s) -> s.duplicates.get()).sum();
			long gaps = sinks.stream().mapToLong((s) -> s.gaps.get()).sum();
			long sessions = sinks.stream().mapToLong((s) -> s.lastSeq.size()).sum();
			long resumed = log.resumes().stream().filter((r) -> "RESUMED".equals(r.outcome())).count();
			long reconnects = shards.stream().mapToLong(Shard::reconnectCount).sum();
			StringBuilder r = new StringBuilder();
			r.append("## Soak run ").append(Instant.now()).append("\n\n");
			r.append("| what | value |\n|---|---|\n");
			row(r, "duration under load", Duration.between(start, Instant.now()).toSeconds() + " s");
			row(r, "shards", SHARDS + " (zlib-stream, one shared InMemoryIdentifyRateLimiter, 300 ms window)");
			row(r, "load", RATE_PER_SHARD + " MESSAGE_CREATE/s per live session, " + loadStarted + " chunks of 10 s");
			row(r, "seed", Long.toString(seed));
			row(r, "faults injected", faults.values().stream().mapToLong(AtomicLong::get).sum() + " " + faults);
			row(r, "dispatches sent by the simulator (all sessions, incl. READY/GUILD_CREATE/RESUMED)", Long.toString(sent));
			row(r, "dispatches delivered to the sinks", Long.toString(delivered));
			row(r, "sent to sessions the shard had to abandon (op 9 false, 4009: by protocol)", Long.toString(sent - delivered));
			row(r, "duplicates delivered", Long.toString(duplicates));
			row(r, "sequence gaps within a session", Long.toString(gaps));
			row(r, "sessions (READY) seen", Long.toString(sessions));
			row(r, "identifies", Integer.toString(log.identifies().size()));
			row(r, "resumes (RESUMED)", resumed + " of " + log.resumes().size());
			row(r, "reconnects", Long.toString(reconnects));
			row(r, "simulator violations (4008, identify window...)", log.violations().size() + " " + log.violations().stream().map(SimulatorLog.Violation::rule).distinct().toList());
			row(r, "run() errors", Integer.toString(errors.size()));
			row(r, "heap after GC, start / end", mb(heapStart) + " / " + mb(heapEnd) + " (simulator and its logs in the same JVM)");
			row(r, "live threads, start / end", threadsStart + " / " + threadsEnd);
			r.append("\nTop of the live heap at the end (after GC):\n\n```\n").append(histogram(12)).append("```\n");
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
			assertThat(log.violations()).as("violations").isEmpty();
			assertThat(threadsEnd).as("threads").isLessThanOrEqualTo(threadsStart + 16);
		}
	}

	/** Every shard's current session delivered everything the simulator has sent it. */
	private static boolean complete(GatewaySimulator sim, List<SoakSink> sinks) {
		for (int i = 0; i < sinks.size(); i++) {
			SoakSink s = sinks.get(i);
			String session = s.session;
			if (session == null) {
				return false;
			}
			long last = sim.dispatched(i).stream()
				.filter((d) -> d.sessionId().equals(session))
				.mapToLong(SimulatorLog.Dispatch::seq)
				.max()
				.orElse(-1);
			Long got = s.lastSeq.get(session);
			if (got == null || got != last) {
				return false;
			}
		}
		return true;
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

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Counts, per session, what arrived; remembers only the last sequence per session. */
	static final class SoakSink implements ShardSink {

		final AtomicLong delivered = new AtomicLong();

		final AtomicLong duplicates = new AtomicLong();

		final AtomicLong gaps = new AtomicLong();

		final Map<String, Long> lastSeq = new ConcurrentHashMap<>();

		volatile String session;

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
