package dev.shard.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.shard.test.simulator.DispatchRecording;
import dev.shard.test.simulator.GatewaySimulator;

/**
 * The end-to-end driver. Starts the gateway simulator in this JVM and runs each client in its own child JVM
 * against it, one after the other, then prints the figures side by side and the ratios ours / peer.
 *
 * <pre>
 * java -cp shard-benchmarks/target/shard-benchmarks.jar dev.shard.benchmarks.e2e.Harness [throughput] [memory] [startup]
 *     -Devents=200000 -Dwarmup=50000 -Dshards=100 -DstartupShards=32 -DstartupMc=8 -DstartupWindowMs=1000
 *     -Dclients=ours,jda,discord4j (any of ours, ours-inline, ours-app, jda, discord4j) -Dcompression=zlib,none
 *     -Dserver=live|replay
 * </pre>
 */
public final class Harness {

	/**
	 * Shaped like a Discord bot token (base64 of a user id, two more dot-separated parts): Discord4J decodes the
	 * first part for its own id at build time and refuses anything else.
	 */
	private static final String TOKEN = java.util.Base64.getEncoder()
		.encodeToString("100000000000000001".getBytes(StandardCharsets.US_ASCII)) + ".bench.token";

	private Harness() {
	}

	public static void main(String[] args) throws Exception {
		List<String> what = (args.length == 0) ? List.of("throughput", "memory", "startup") : List.of(args);
		List<String> clients = List.of(System.getProperty("clients", "ours,jda,discord4j").split(","));
		System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, java "
				+ System.getProperty("java.version") + " " + System.getProperty("java.vm.name"));
		if (what.contains("throughput")) {
			throughput(clients);
		}
		if (what.contains("memory")) {
			memory(clients);
		}
		if (what.contains("startup")) {
			startup(clients);
		}
	}

	/** The simulator of a throughput run (its world settings are those the recordings are made for). */
	private static GatewaySimulator.Builder throughputSimulator() {
		return GatewaySimulator.builder()
			.token(TOKEN)
			.guilds(1)
			.zlibLevel(Integer.getInteger("zlibLevel", java.util.zip.Deflater.BEST_SPEED));
	}

	/**
	 * Two runs per client and compression: as fast as the simulator can send (events/s and CPU per event: the
	 * client is the bottleneck, queues are full), then paced below saturation (latency: with full queues it would
	 * only measure queue length, and each client queues in a different place).
	 * <p>
	 * {@code -Dserver=live} (the default): the simulator encodes and deflates each event as it sends it, as Discord
	 * does. {@code -Dserver=replay}: the warm-up and the measured stream are recorded once per compression before the
	 * clients run ({@link DispatchRecording}) and replayed to each, so the simulator's cost per event is about a
	 * memory copy and the same bytes reach every client.
	 */
	private static void throughput(List<String> clients) throws Exception {
		int events = Integer.getInteger("events", 200_000);
		int warmup = Integer.getInteger("warmup", 50_000);
		int pacedEvents = Integer.getInteger("pacedEvents", 20_000);
		// paced events sent after the warm-up and before the measured ones: after the switch from full speed to a
		// steady rate the JIT compiles the clients' low-rate paths (parking, waking, the event loop) for tens of
		// seconds, each compilation holding one of the two cores for milliseconds
		int pacedWarmup = Integer.getInteger("pacedWarmup", 0);
		// -Dpaced=true: as fast as possible, then paced; false: as fast as possible only; only: paced only
		String pacedMode = System.getProperty("paced", "true");
		List<Boolean> modes = switch (pacedMode) {
			case "only" -> List.of(true);
			case "false" -> List.of(false);
			default -> List.of(false, true);
		};
		double pacedRate = Double.parseDouble(System.getProperty("pacedRate", "5000"));
		String server = System.getProperty("server", "live");
		if (!server.equals("live") && !server.equals("replay")) {
			throw new IllegalArgumentException("-Dserver is live or replay, not " + server);
		}
		boolean replay = server.equals("replay");
		for (String compression : System.getProperty("compression", "zlib,none").split(",")) {
			String compress = compression.equals("zlib") ? "zlib-stream" : "none";
			Recordings recordings = new Recordings(compress);
			if (replay) {
				// a session's stream starts with READY and one GUILD_CREATE per guild (one guild): the warm-up takes
				// the sequence numbers from 3, the measured events those after it
				try (GatewaySimulator recorder = throughputSimulator().build()) {
					recordings.get(recorder, warmup, 3);
					if (modes.contains(false)) {
						recordings.get(recorder, events, 3 + warmup);
					}
					if (modes.contains(true)) {
						if (pacedWarmup > 0) {
							recordings.get(recorder, pacedWarmup, 3 + warmup);
						}
						recordings.get(recorder, pacedEvents, 3 + warmup + pacedWarmup);
					}
				}
			}
			for (boolean paced : modes) {
				int measured = paced ? pacedEvents : events;
				int unmeasured = paced ? warmup + pacedWarmup : warmup;
				Map<String, Map<String, Double>> results = new LinkedHashMap<>();
				for (String client : clients) {
					if (client.equals("discord4j") && !compression.equals("zlib")) {
						continue; // Discord4J always asks for zlib-stream
					}
					// a fresh simulator per run: same stream, no leftovers of the previous client's session
					try (GatewaySimulator sim = throughputSimulator().build().start()) {
						// the simulator's own CPU while it sends the measured events: near 1.0 (one core) means
						// the simulator, not the client, set the pace
						double[] simCore = { Double.NaN };
						// paced: the simulator's write time of every sequence, joined afterwards with the listener
						// times the child writes (wire-to-listener latency, see wireLatency)
						WireTimes wire = paced ? new WireTimes(3 + unmeasured + measured + 16) : null;
						if (wire != null) {
							sim.writeListener(wire);
						}
						Map<String, Double> r = runChild(sim,
								List.of("throughput", client, compression, sim.gatewayUrl(), sim.restBaseUrl(), TOKEN,
										Integer.toString(unmeasured), Integer.toString(measured)),
								"512m", (wire != null) ? List.of("-Dbench.arrivals=" + wire.arrivals) : List.of(),
								(line) -> {
									if (line.equals("READY")) {
										CompletableFuture<Long> warm = reportFailure(
												send(sim, replay ? recordings : null, warmup, null), client);
										if (paced && pacedWarmup > 0) {
											warm.thenRun(() -> reportFailure(
													send(sim, replay ? recordings : null, pacedWarmup, pacedRate),
													client));
										}
									}
									else if (line.equals("WARM")) {
										// the recording first: if the session is not where it was expected, this
										// records it again, which must not count as the simulator's send time
										DispatchRecording recording = replay
												? recordings.get(sim, measured, sim.lastSequence(0) + 1) : null;
										long cpu0 = processCpuNanos();
										long wall0 = System.nanoTime();
										CompletableFuture<Long> sent = replay
												? sim.replay(recording, null, paced ? pacedRate : null)
												: sim.dispatch("MESSAGE_CREATE", measured, null, paced ? pacedRate : null);
										reportFailure(sent, client).thenRun(() -> simCore[0] = (processCpuNanos() - cpu0)
												/ (double) (System.nanoTime() - wall0));
									}
								});
						r.put("simCore", simCore[0]);
						if (wire != null) {
							wire.latencies(r);
						}
						results.put(client, r);
					}
				}
				if (paced) {
					print("End-to-end MESSAGE_CREATE, " + compression + ", server " + server + ", paced at "
							+ (int) pacedRate + "/s, " + measured + " events"
							+ ((pacedWarmup > 0) ? " after " + pacedWarmup + " paced" : "")
							+ ": receive->listener and wire->listener latency (µs)",
							results,
							List.of("p50us", "p99us", "wireP50us", "wireP99us"));
				}
				else {
					print("End-to-end MESSAGE_CREATE, " + compression + ", server " + server + ", " + measured
							+ " events as fast as possible after " + warmup
							+ " warm-up (events/s; client process CPU s per 1M events, of which the JIT compilers')",
							results, List.of("rate", "cpuPerM", "jitPerM", "csPerK", "simCore"));
				}
			}
		}
	}

	/**
	 * Send {@code count} MESSAGE_CREATE after the session's last sequence: replayed from {@code recordings}, or
	 * encoded as they go ({@code null}).
	 */
	private static CompletableFuture<Long> send(GatewaySimulator sim, Recordings recordings, int count, Double rate) {
		return (recordings != null)
				? sim.replay(recordings.get(sim, count, sim.lastSequence(0) + 1), null, rate)
				: sim.dispatch("MESSAGE_CREATE", count, null, rate);
	}

	private static CompletableFuture<Long> reportFailure(CompletableFuture<Long> sent, String client) {
		return sent.whenComplete((n, ex) -> {
			if (ex != null) {
				System.err.println("   " + client + ": the simulator failed to send: " + ex);
			}
		});
	}

	/**
	 * The recordings of one compression, by length and first sequence number: made once (before the clients run),
	 * replayed to each client's fresh simulator.
	 */
	private static final class Recordings {

		private final String compress;

		private final Map<String, DispatchRecording> byKey = new java.util.concurrent.ConcurrentHashMap<>();

		Recordings(String compress) {
			this.compress = compress;
		}

		DispatchRecording get(GatewaySimulator sim, int count, long firstSequence) {
			return this.byKey.computeIfAbsent(count + "@" + firstSequence, (key) -> {
				long t0 = System.nanoTime();
				DispatchRecording r = DispatchRecording.of(sim, "MESSAGE_CREATE", count, firstSequence, this.compress);
				System.err.printf(Locale.ROOT, "   recorded %s in %.1f s%n", r, (System.nanoTime() - t0) / 1e9);
				return r;
			});
		}

	}

	/**
	 * Retained heap per connected idle shard. The simulator's identify window is 1 s here (Discord's is 5 s) so that
	 * 1,000 shards connect in about a minute; we pace with the simulator's window, JDA waits its fixed 5 s anyway.
	 */
	private static void memory(List<String> clients) throws Exception {
		int mc = 16;
		int windowMs = Integer.getInteger("memoryWindowMs", 1000);
		for (String n : System.getProperty("shards", "100,1000").split(",")) {
			int shards = Integer.parseInt(n.trim());
			Map<String, Map<String, Double>> results = new LinkedHashMap<>();
			for (String client : clients) {
				if (!client.equals("ours") && !client.equals("jda")) {
					continue; // throughput clients only (see the README)
				}
				try (GatewaySimulator sim = GatewaySimulator.builder()
					.token(TOKEN)
					.maxConcurrency(mc)
					.identifyWindow(Duration.ofMillis(windowMs))
					.recommendedShards(shards)
					.guilds(shards)
					.membersPerGuild(5)
					.build()
					.start()) {
					Map<String, Double> r = runChild(sim, List.of("idle", client, Integer.toString(shards),
							Integer.toString(mc), Integer.toString(windowMs), sim.gatewayUrl(), sim.restBaseUrl(),
							TOKEN), "2g", (line) -> {
							});
					r.put("violations", (double) sim.violations().size());
					r.put("identifySpanS", identifySpanSeconds(sim));
					results.put(client, r);
				}
			}
			print("Idle connected shards: " + shards + " in one JVM, max_concurrency " + mc + ", identify window "
					+ windowMs + " ms (retained heap per shard after GC, KiB; threads per shard; seconds to connect; "
					+ "simulator rule violations; first to last admitted IDENTIFY, s)", results,
					List.of("heapPerShardKiB", "threadsPerShard", "seconds", "violations", "identifySpanS"));
		}
	}

	private static void startup(List<String> clients) throws Exception {
		int shards = Integer.getInteger("startupShards", 32);
		int mc = Integer.getInteger("startupMc", 8);
		int windowMs = Integer.getInteger("startupWindowMs", 1000);
		Map<String, Map<String, Double>> results = new LinkedHashMap<>();
		for (String client : clients) {
			if (!client.equals("ours") && !client.equals("jda")) {
				continue; // throughput clients only
			}
			try (GatewaySimulator sim = GatewaySimulator.builder()
				.token(TOKEN)
				.maxConcurrency(mc)
				.identifyWindow(Duration.ofMillis(windowMs))
				.recommendedShards(shards)
				.guilds(shards)
				.membersPerGuild(5)
				.build()
				.start()) {
				Map<String, Double> r = runChild(sim, List.of("startup", client, Integer.toString(shards),
						Integer.toString(mc), Integer.toString(windowMs), sim.gatewayUrl(), sim.restBaseUrl(), TOKEN),
						"1g", (line) -> {
						});
				r.put("violations", (double) sim.violations().size());
				r.put("identifySpanS", identifySpanSeconds(sim));
				results.put(client, r);
			}
		}
		int windows = (shards + mc - 1) / mc;
		System.out.printf(Locale.ROOT, "%nideal: %d shards at max_concurrency %d = %d identify windows of %d ms "
				+ "(last window opens at %.1f s)%n", shards, mc, windows, windowMs, (windows - 1) * windowMs / 1000.0);
		print("Start-up: seconds until all " + shards + " shards are CONNECTED; simulator rule violations; seconds "
				+ "from the first to the last IDENTIFY the simulator admitted", results,
				List.of("seconds", "violations", "identifySpanS"));
	}

	/** First to last admitted IDENTIFY on the simulator's clock: the pacing alone, without connect and READY. */
	private static double identifySpanSeconds(GatewaySimulator sim) {
		System.err.printf(Locale.ROOT, "   simulator: %d identifies (%d READY), %d connections, %d violations%s%n",
				sim.identifies().size(), sim.identifies().stream().filter((i) -> "READY".equals(i.outcome())).count(),
				sim.connections().size(), sim.violations().size(),
				sim.violations().isEmpty() ? "" : ", first: " + sim.violations().subList(0,
						Math.min(3, sim.violations().size())));
		if (Boolean.getBoolean("debugIdentifies") && !sim.identifies().isEmpty()) {
			java.time.Instant t0 = sim.identifies().get(0).time();
			sim.identifies().stream().filter((i) -> i.shardId() % 16 == 1).limit(8).forEach((i) -> System.err.printf(
					Locale.ROOT, "   identify shard %d conn %d at %.1f ms: %s%n", i.shardId(), i.connectionId(),
					Duration.between(t0, i.time()).toNanos() / 1e6, i.outcome()));
		}
		List<java.time.Instant> times = sim.identifies()
			.stream()
			.filter((i) -> "READY".equals(i.outcome()))
			.map((i) -> i.time())
			.sorted()
			.toList();
		return times.isEmpty() ? Double.NaN
				: Duration.between(times.get(0), times.get(times.size() - 1)).toNanos() / 1e9;
	}

	interface LineHandler {

		void on(String line) throws Exception;

	}

	/**
	 * Wire-to-listener latency of a paced run: the simulator's write time of each sequence (after its flush: the
	 * bytes are in the client's socket) against the time the client's listener got that sequence. Unlike the
	 * clients' own receive-to-listener figure, it includes the wake-up of the client's reading thread, which a
	 * single-threaded client otherwise hides and a client that hands off to a second thread pays once more; both
	 * clocks are {@code System.nanoTime()}, CLOCK_MONOTONIC on Linux, shared by the two processes.
	 */
	private static final class WireTimes implements GatewaySimulator.WriteListener {

		/** Written on the simulator's event loop, read by the driver's thread once the child is done. */
		final java.util.concurrent.atomic.AtomicLongArray writtenBySequence;

		final java.nio.file.Path arrivals;

		WireTimes(int sequences) throws java.io.IOException {
			this.writtenBySequence = new java.util.concurrent.atomic.AtomicLongArray(sequences);
			this.arrivals = java.nio.file.Files.createTempFile("shard-arrivals", ".txt");
			this.arrivals.toFile().deleteOnExit();
		}

		@Override
		public void written(long firstSequence, long lastSequence, long nanos) {
			for (long s = firstSequence; s <= lastSequence && s < this.writtenBySequence.length(); s++) {
				this.writtenBySequence.lazySet((int) s, nanos);
			}
		}

		/** Adds {@code wireP50us}/{@code wireP99us} when the child wrote its listener times (not Discord4J). */
		void latencies(Map<String, Double> result) throws java.io.IOException {
			List<String> lines = java.nio.file.Files.readAllLines(this.arrivals);
			long[] latencies = new long[lines.size()];
			int n = 0;
			for (String line : lines) {
				int space = line.indexOf(' ');
				int s = Integer.parseInt(line.substring(0, space));
				long written = (s >= 0 && s < this.writtenBySequence.length()) ? this.writtenBySequence.get(s) : 0;
				if (written != 0) {
					latencies[n++] = Long.parseLong(line.substring(space + 1)) - written;
				}
			}
			java.nio.file.Files.deleteIfExists(this.arrivals);
			if (n == 0) {
				return;
			}
			long[] sorted = java.util.Arrays.copyOf(latencies, n);
			java.util.Arrays.sort(sorted);
			result.put("wireP50us", sorted[n / 2] / 1e3);
			result.put("wireP99us", sorted[(int) (n * 0.99)] / 1e3);
		}

	}

	private static Map<String, Double> runChild(GatewaySimulator sim, List<String> args, String heap,
			LineHandler handler) throws Exception {
		return runChild(sim, args, heap, List.of(), handler);
	}

	private static Map<String, Double> runChild(GatewaySimulator sim, List<String> args, String heap,
			List<String> jvmArgs, LineHandler handler) throws Exception {
		List<String> command = new ArrayList<>();
		// -DchildCpus=1 (with the driver under `taskset -c 0`): the client gets a core of its own, so events/s is
		// per client core and the simulator never competes with it
		String cpus = System.getProperty("childCpus", "");
		if (!cpus.isBlank()) {
			command.addAll(List.of("taskset", "-c", cpus.trim()));
		}
		command.addAll(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
				"-Xms" + heap, "-Xmx" + heap));
		if (!cpus.isBlank()) {
			command.add("-XX:+UseG1GC"); // on one CPU the JVM would pick Serial GC: keep the collector a bot runs with
		}
		String extra = System.getProperty("childJvmArgs", "").replace("{label}", args.get(0) + "-" + args.get(1)
				+ ((args.get(0).equals("throughput")) ? "-" + args.get(2) : ""));
		if (!extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.addAll(jvmArgs);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
		command.addAll(args);
		String label = args.get(0) + " " + args.get(1) + ((args.get(0).equals("throughput")) ? " " + args.get(2) : "");
		System.err.println(">> " + label);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Map<String, Double> result = new LinkedHashMap<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				if (!line.startsWith("@@ ")) {
					continue;
				}
				String message = line.substring(3);
				System.err.println("   " + label + ": " + message);
				if (message.startsWith("RESULT ")) {
					for (String kv : message.substring(7).split(" ")) {
						String[] p = kv.split("=");
						result.put(p[0], Double.parseDouble(p[1]));
					}
				}
				else {
					handler.on(message);
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		return result;
	}

	private static void print(String title, Map<String, Map<String, Double>> results, List<String> keys) {
		System.out.printf(Locale.ROOT, "%n%s%n", title);
		System.out.printf(Locale.ROOT, "| %-8s |", "client");
		keys.forEach((k) -> System.out.printf(Locale.ROOT, " %14s |", k));
		System.out.println();
		for (Map.Entry<String, Map<String, Double>> e : results.entrySet()) {
			System.out.printf(Locale.ROOT, "| %-8s |", e.getKey());
			keys.forEach((k) -> System.out.printf(Locale.ROOT, " %14s |", fmt(e.getValue().get(k))));
			System.out.println();
		}
		// every variant of ours against ours and against each peer (same run, same stream)
		for (Map.Entry<String, Map<String, Double>> mine : results.entrySet()) {
			if (!mine.getKey().startsWith("ours")) {
				continue;
			}
			for (Map.Entry<String, Map<String, Double>> other : results.entrySet()) {
				boolean peer = !other.getKey().startsWith("ours");
				if (other.getKey().equals(mine.getKey()) || (!peer && !mine.getKey().equals("ours"))) {
					continue;
				}
				System.out.printf(Locale.ROOT, "| %s/%s |", mine.getKey(), other.getKey());
				keys.forEach((k) -> {
					Double a = mine.getValue().get(k);
					Double b = other.getValue().get(k);
					System.out.printf(Locale.ROOT, " %14s |",
							(a != null && b != null && b != 0) ? String.format(Locale.ROOT, "%.2fx", a / b) : "-");
				});
				System.out.println();
			}
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static String fmt(Double v) {
		return (v == null) ? "n/a" : (v >= 100) ? String.format(Locale.ROOT, "%.0f", v)
				: String.format(Locale.ROOT, "%.2f", v);
	}

}
