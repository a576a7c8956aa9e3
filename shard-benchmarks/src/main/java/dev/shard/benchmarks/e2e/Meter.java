package dev.shard.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts listener calls of one client: after {@code warmup} events it tells the driver ({@code @@ WARM}); over the
 * next {@code events} it records receive-to-listener latency, wall time and process CPU time. Called from one
 * listener thread at a time (each client delivers one shard's events in order).
 */
final class Meter {

	private final int warmup;

	private final long[] latencies;

	/** Per measured event: its gateway sequence and when its listener ran (for the driver's wire-to-listener join). */
	private final long[] sequences;

	private final long[] arrivals;

	private final CountDownLatch done = new CountDownLatch(1);

	private int count;

	private long startNanos;

	private long startCpu;

	private long endNanos;

	private long endCpu;

	private long startSwitches;

	private long endSwitches;

	/** Per thread id: name and CPU ticks at the first measured event ({@code null} with the readings off). */
	private Map<String, ThreadTicks> startThreads;

	private Map<String, ThreadTicks> endThreads;

	/** JVM uptime (ms) at the first and last measured event, to find the window in a JIT or GC log. */
	private long startUptime;

	private long endUptime;

	/** Per-thread CPU at the ends of the measured events: on unless {@code -Dbench.threads=false}. */
	private static final boolean THREADS = !"false".equals(System.getProperty("bench.threads"));

	Meter(int warmup, int events) {
		this.warmup = warmup;
		this.latencies = new long[events];
		this.sequences = new long[events];
		this.arrivals = new long[events];
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/** @param receivedNanos when the client received (or decoded) the frame, {@link System#nanoTime()} */
	void onEvent(long receivedNanos) {
		onEvent(receivedNanos, -1);
	}

	/**
	 * @param receivedNanos when the client received (or decoded) the frame, {@link System#nanoTime()}
	 * @param sequence the dispatch's gateway sequence ({@code s}), or -1 when the client does not expose it
	 */
	void onEvent(long receivedNanos, long sequence) {
		long now = System.nanoTime();
		int n = ++this.count;
		if (n == this.warmup) {
			Child.say("WARM");
			return;
		}
		int i = n - this.warmup - 1;
		if (i < 0 || i >= this.latencies.length) {
			return;
		}
		if (i == 0) {
			// the /proc readings before the window opens (their own CPU is not the client's), the clocks last
			this.startThreads = THREADS ? threadTicks() : null;
			this.startUptime = THREADS ? ManagementFactory.getRuntimeMXBean().getUptime() : 0;
			this.startSwitches = contextSwitches();
			this.startNanos = now;
			this.startCpu = processCpuNanos();
		}
		this.latencies[i] = now - receivedNanos;
		this.sequences[i] = sequence;
		this.arrivals[i] = now;
		if (i == this.latencies.length - 1) {
			this.endNanos = System.nanoTime();
			this.endCpu = processCpuNanos();
			this.endSwitches = contextSwitches();
			this.endThreads = THREADS ? threadTicks() : null;
			this.endUptime = THREADS ? ManagementFactory.getRuntimeMXBean().getUptime() : 0;
			writeArrivals();
			this.done.countDown();
		}
	}

	/** Context switches of all the process's threads so far (Linux; 0 elsewhere): a hand-off's hidden cost. */
	static long contextSwitches() {
		long total = 0;
		try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
			for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
				try {
					for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
						if (line.startsWith("voluntary_ctxt_switches:")
								|| line.startsWith("nonvoluntary_ctxt_switches:")) {
							total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
						}
					}
				}
				catch (java.io.IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (java.io.IOException | RuntimeException ex) {
			return 0;
		}
		return total;
	}

	/** A thread's name and its user plus system CPU time in clock ticks. */
	record ThreadTicks(String name, long ticks) {
	}

	/** Every thread's CPU ticks from {@code /proc/self/task/<tid>/stat} (Linux; empty elsewhere). */
	static Map<String, ThreadTicks> threadTicks() {
		Map<String, ThreadTicks> ticks = new java.util.HashMap<>();
		try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
			for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
				try {
					String stat = java.nio.file.Files.readString(task.resolve("stat"));
					int open = stat.indexOf('(');
					int close = stat.lastIndexOf(')');
					String[] fields = stat.substring(close + 2).split(" ");
					// fields from the state on: utime and stime are the 14th and 15th of the whole line
					long t = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					ticks.put(task.getFileName().toString(), new ThreadTicks(stat.substring(open + 1, close), t));
				}
				catch (java.io.IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (java.io.IOException | RuntimeException ex) {
			// not Linux
		}
		return ticks;
	}

	/**
	 * Where the process's CPU went over the measured events, per thread group (names without their numbers), in CPU
	 * seconds per 1M events; empty without the per-thread readings. Ticks are 10 ms: a group under a few hundredths
	 * is noise.
	 */
	Map<String, Double> threadGroups() {
		Map<String, Double> groups = new TreeMap<>();
		if (this.startThreads == null || this.endThreads == null) {
			return groups;
		}
		double perTickPerM = 0.01 / (this.latencies.length - 1) * 1_000_000;
		this.endThreads.forEach((tid, end) -> {
			ThreadTicks start = this.startThreads.get(tid);
			long used = end.ticks() - ((start != null) ? start.ticks() : 0);
			if (used > 0) {
				String group = end.name().replaceAll("[#.\\-]?\\d+$", "").replaceAll("\\d+$", "");
				groups.merge(group, used * perTickPerM, Double::sum);
			}
		});
		return groups;
	}

	/** {@link #threadGroups()} as one line for the log, the largest first; {@code null} without readings. */
	String threads() {
		Map<String, Double> groups = threadGroups();
		if (groups.isEmpty()) {
			return null;
		}
		StringBuilder out = new StringBuilder("THREADS uptime=" + this.startUptime + "-" + this.endUptime + "ms");
		groups.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.forEach((e) -> out.append(String.format(Locale.ROOT, " [%s]=%.2f", e.getKey(), e.getValue())));
		return out.toString();
	}

	/**
	 * With {@code -Dbench.arrivals=<file>} (the driver sets it for paced runs), one line per measured event:
	 * sequence and listener time ({@link System#nanoTime()}, CLOCK_MONOTONIC on Linux, so the driver can subtract
	 * the simulator's write time of the same sequence: a latency that starts before the client's thread wakes up).
	 */
	private void writeArrivals() {
		String file = System.getProperty("bench.arrivals");
		if (file == null || this.sequences[0] < 0) {
			return;
		}
		StringBuilder out = new StringBuilder(this.sequences.length * 24);
		for (int i = 0; i < this.sequences.length; i++) {
			out.append(this.sequences[i]).append(' ').append(this.arrivals[i]).append('\n');
		}
		try {
			java.nio.file.Files.writeString(java.nio.file.Path.of(file), out);
		}
		catch (java.io.IOException ex) {
			System.err.println("could not write " + file + ": " + ex);
		}
	}

	boolean await(long seconds) throws InterruptedException {
		return this.done.await(seconds, TimeUnit.SECONDS);
	}

	int count() {
		return this.count;
	}

	/** One line the driver parses: events/s, CPU s per 1M events, p50 and p99 latency in µs. */
	String result() {
		int n = this.latencies.length;
		double seconds = (this.endNanos - this.startNanos) / 1e9;
		double rate = (n - 1) / seconds;
		double cpuPerMillion = (this.endCpu - this.startCpu) / 1e9 / (n - 1) * 1_000_000;
		long[] sorted = this.latencies.clone();
		Arrays.sort(sorted);
		double switchesPerK = (this.endSwitches - this.startSwitches) * 1000.0 / (n - 1);
		Map<String, Double> groups = threadGroups();
		double jit = groups.entrySet()
			.stream()
			.filter((e) -> e.getKey().contains("CompilerThre"))
			.mapToDouble(Map.Entry::getValue)
			.sum();
		return String.format(Locale.ROOT,
				"RESULT rate=%.0f cpuPerM=%.2f p50us=%.1f p99us=%.1f csPerK=%.1f jitPerM=%s", rate, cpuPerMillion,
				sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3, switchesPerK,
				groups.isEmpty() ? "NaN" : String.format(Locale.ROOT, "%.2f", jit));
	}

}
