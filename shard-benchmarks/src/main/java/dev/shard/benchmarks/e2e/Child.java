package dev.shard.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.neovisionaries.ws.client.WebSocket;
import com.neovisionaries.ws.client.WebSocketAdapter;
import com.neovisionaries.ws.client.WebSocketFrame;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.ShardConfigCustomizer;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardObserver;
import dev.shard.gateway.ShardState;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.internal.JDAImpl;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * One client in its own JVM, driven by {@link Harness} over stdin/stdout ({@code @@ } lines). Modes:
 * <ul>
 * <li>{@code throughput ours|ours-inline|ours-app|jda|discord4j zlib|none gateway rest token warmup events}</li>
 * <li>{@code idle ours|jda shards mc windowMs gateway rest token}: retained heap per connected idle shard</li>
 * <li>{@code startup ours|jda shards mc windowMs gateway rest token}: time until all shards are connected</li>
 * </ul>
 */
public final class Child {

	private Child() {
	}

	static void say(String line) {
		System.out.println("@@ " + line);
		System.out.flush();
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String client = args[1];
		switch (mode) {
			case "throughput" -> throughput(client, args[2], args[3], args[4], args[5], Integer.parseInt(args[6]),
					Integer.parseInt(args[7]));
			case "idle" -> fleet(client, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
					args[5], args[6], args[7], true);
			case "startup" -> fleet(client, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
					Integer.parseInt(args[4]), args[5], args[6], args[7], false);
			default -> throw new IllegalArgumentException(mode);
		}
		System.exit(0);
	}

	// ---- throughput -------------------------------------------------------------------------------------------

	private static void throughput(String client, String compression, String gateway, String rest, String token,
			int warmup, int events) throws Exception {
		Meter meter = new Meter(warmup, events);
		AutoCloseable running = switch (client) {
			case "ours" -> oursStarter(meter, compression, gateway, rest, token, false);
			// the same with discord.gateway.inline-delivery=true: listeners on the I/O thread (opt-in)
			case "ours-inline" -> oursStarter(meter, compression, gateway, rest, token, true);
			// a realistic application on default settings: the sample bot's listeners, actuator and Micrometer on
			case "ours-app" -> OursAppClient.start(meter, compression, gateway, rest, token);
			case "jda" -> jda(meter, compression, gateway, rest, token);
			case "discord4j" -> Discord4jClient.throughput(meter, compression, rest, token);
			default -> throw new IllegalArgumentException(client);
		};
		say("READY");
		if (!meter.await(300)) {
			say("FAILED only " + meter.count() + " events");
		}
		else {
			say(meter.result());
			String threads = meter.threads();
			if (threads != null) {
				System.err.println(client + " " + compression + " " + threads);
			}
		}
		running.close();
	}

	/**
	 * Our starter: a Spring Boot application with a typed {@code @EventListener}. Receive time is taken by a
	 * {@link ShardObserver} at {@code onDispatch} (after inflate and envelope peek, on the I/O thread), handed to
	 * the listener through a single-producer single-consumer ring (one shard delivers in order).
	 */
	private static AutoCloseable oursStarter(Meter meter, String compression, String gateway, String rest,
			String token, boolean inline) {
		OursApp.meter = meter;
		SpringApplication app = new SpringApplication(OursApp.class);
		ConfigurableApplicationContext context = app.run("--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off", "--discord.token=" + token, "--discord.api-base-url=" + rest,
				"--discord.gateway.url=" + gateway, "--discord.gateway.shards.total=1",
				"--discord.gateway.compression=" + (compression.equals("zlib") ? "zlib-stream" : "none"),
				"--discord.gateway.inline-delivery=" + inline,
				"--spring.autoconfigure.exclude=" + observabilityAutoConfigurations());
		if (context.getBeanNamesForType(io.micrometer.core.instrument.MeterRegistry.class).length != 0) {
			throw new IllegalStateException("ours must run without a MeterRegistry");
		}
		// the starter starts the shards without waiting for them; the stream must go to a live session
		awaitConnected(context.getBean(GatewayShards.class));
		return context::close;
	}

	/**
	 * The auto-configurations that Actuator and Micrometer (on the classpath for {@code ours-app}) bring, and the
	 * starter's own health, endpoint and meters: excluded for {@code ours} and {@code ours-inline}, which stay one
	 * listener and nothing else (no {@code MeterRegistry}, no Logback metrics filter).
	 */
	static String observabilityAutoConfigurations() {
		List<String> excluded = new ArrayList<>();
		for (String name : ImportCandidates.load(AutoConfiguration.class, Child.class.getClassLoader())) {
			if (name.startsWith("org.springframework.boot.actuate.")
					|| name.startsWith("org.springframework.boot.health.")
					|| name.startsWith("org.springframework.boot.micrometer.")
					|| name.startsWith("dev.shard.autoconfigure.metrics.")
					|| name.startsWith("dev.shard.autoconfigure.health.")
					|| name.startsWith("dev.shard.autoconfigure.endpoint.")) {
				excluded.add(name);
			}
		}
		return String.join(",", excluded);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OursApp {

		static Meter meter;

		static final Ring ring = new Ring(1 << 16);

		@Bean
		ShardConfigCustomizer timing() {
			return (builder) -> builder.observer(new ShardObserver() {
				@Override
				public void onDispatch(int shardId, String type) {
					if (MessageCreateEvent.TYPE.equals(type)) {
						ring.push(System.nanoTime());
					}
				}
			});
		}

		@EventListener
		public void on(MessageCreateEvent event) {
			meter.onEvent(ring.pop(), event.info().sequence());
		}

	}

	/** Single producer, single consumer; the producer is at most 65,536 ahead (the shard buffer is 1,024). */
	static final class Ring {

		private final AtomicLongArray slots;

		private final AtomicLong written = new AtomicLong();

		private long read;

		Ring(int size) {
			this.slots = new AtomicLongArray(size);
		}

		void push(long value) {
			long w = this.written.get();
			this.slots.lazySet((int) (w & (this.slots.length() - 1)), value);
			this.written.lazySet(w + 1);
		}

		long pop() {
			if (this.read >= this.written.get()) {
				return System.nanoTime(); // cannot happen for an observed dispatch; never block the listener
			}
			return this.slots.get((int) (this.read++ & (this.slots.length() - 1)));
		}

	}

	/**
	 * JDA 6, {@code createLight} (every cache flag off, no member cache), one typed listener. Receive time is taken by
	 * an extra nv-websocket listener's {@code onFrame}, which nv calls before any listener's
	 * {@code onBinaryMessage}/{@code onTextMessage}; JDA handles the frame and calls its listeners synchronously on
	 * the same reading thread, so the last frame time is this event's.
	 */
	private static AutoCloseable jda(Meter meter, String compression, String gateway, String rest, String token)
			throws Exception {
		long[] lastFrame = new long[1];
		JDA jda = JDABuilder.createLight(token, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
			.setRestConfig(new RestConfig().setBaseUrl(rest + "/"))
			.setSessionController(new SimSessionController(gateway))
			.setCompression(compression.equals("zlib") ? net.dv8tion.jda.api.utils.Compression.ZLIB
					: net.dv8tion.jda.api.utils.Compression.NONE)
			.setEnableShutdownHook(false)
			.addEventListeners((net.dv8tion.jda.api.hooks.EventListener) (GenericEvent event) -> {
				if (event instanceof MessageReceivedEvent) {
					meter.onEvent(lastFrame[0], event.getResponseNumber());
				}
			})
			.build()
			.awaitReady();
		WebSocket socket = ((JDAImpl) jda).getClient().socket;
		socket.addListener(new WebSocketAdapter() {
			@Override
			public void onFrame(WebSocket websocket, WebSocketFrame frame) {
				lastFrame[0] = System.nanoTime();
			}
		});
		return () -> jda.shutdownNow();
	}

	/** JDA's session controller with the gateway URL of the simulator ({@code /gateway/bot} is not asked). */
	static final class SimSessionController extends ConcurrentSessionController {

		private final String gateway;

		private volatile int concurrency = 1;

		SimSessionController(String gateway) {
			this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
		}

		@Override
		public String getGateway() {
			return this.gateway;
		}

		@Override
		public ShardedGateway getShardedGateway(JDA api) {
			// the shard manager applies this concurrency to the controller: it must be the simulator's
			return new ShardedGateway(this.gateway, api.getShardInfo().getShardTotal(), this.concurrency);
		}

		@Override
		public void setConcurrency(int level) {
			this.concurrency = Math.max(this.concurrency, level);
			super.setConcurrency(this.concurrency);
		}

	}

	// ---- idle memory and start-up -----------------------------------------------------------------------------

	private static void fleet(String client, int shards, int maxConcurrency, int windowMs, String gateway,
			String rest, String token, boolean measureHeap) throws Exception {
		// load the classes and run static initialisers before the baseline
		warmClasses(client);
		long heapBefore = measureHeap ? usedHeapAfterGc() : 0;
		// -Dbench.histogram=true: print which classes the connected fleet added (to see fixed vs per-shard costs)
		boolean histogram = measureHeap && Boolean.getBoolean("bench.histogram");
		Map<String, long[]> histogramBefore = histogram ? classHistogram() : null;
		int threadsBefore = Thread.activeCount();
		long t0 = System.nanoTime();
		AutoCloseable running;
		java.util.function.BooleanSupplier allConnected;
		if (client.equals("ours")) {
			// the library-level ShardManager, as an application without Spring would run a fleet: /gateway/bot
			// gives the gateway URL and max_concurrency, its default InMemoryIdentifyRateLimiter paces identifies
			// with the server's window
			ShardConfig config = ShardConfig.builder(token)
				.gatewayUrl(gateway)
				.compression(Compression.ZLIB_STREAM)
				.intents(1 | 512)
				.readyTimeout(Duration.ofSeconds(60))
				.build();
			ShardManager manager = ShardManager.builder(config)
				.discovery(GatewayDiscovery.builder(token).apiBase(rest).build())
				.totalShards(shards)
				.identifyWindow(Duration.ofMillis(windowMs))
				.sink((dispatch) -> {
				})
				.build();
			manager.start().subscribe(null, (ex) -> System.err.println("manager start failed: " + ex));
			allConnected = () -> manager.states().get(ShardState.CONNECTED) == shards;
			running = () -> manager.shutdown().block(Duration.ofSeconds(120));
		}
		else {
			SimSessionController controller = new SimSessionController(gateway);
			controller.setConcurrency(maxConcurrency);
			net.dv8tion.jda.api.sharding.ShardManager manager = DefaultShardManagerBuilder.createLight(token, GatewayIntent.GUILD_MESSAGES)
				.setShardsTotal(shards)
				.setSessionController(controller)
				.setRestConfig(new RestConfig().setBaseUrl(rest + "/"))
				.setCompression(net.dv8tion.jda.api.utils.Compression.ZLIB)
				.setEnableShutdownHook(false)
				.build();
			allConnected = () -> manager.getShardCache().size() == shards && manager.getShardCache()
				.stream()
				.allMatch((jda) -> jda.getStatus() == JDA.Status.CONNECTED);
			running = manager::shutdown;
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (!allConnected.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				say("FAILED not all connected");
				return;
			}
			// poll, do not spin: the shards need the (two) cores
			java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		if (histogram) {
			printHistogramGrowth(histogramBefore, classHistogram(), shards);
		}
		if (measureHeap) {
			long heapAfter = usedHeapAfterGc();
			say(String.format(Locale.ROOT, "RESULT heapPerShardKiB=%.1f threadsPerShard=%.2f seconds=%.1f",
					(heapAfter - heapBefore) / 1024.0 / shards,
					(Thread.activeCount() - threadsBefore) / (double) shards, seconds));
		}
		else {
			say(String.format(Locale.ROOT, "RESULT seconds=%.2f", seconds));
		}
		running.close();
	}

	private static void warmClasses(String client) throws ClassNotFoundException {
		String[] names = client.equals("ours")
				? new String[] { "dev.shard.gateway.Shard", "dev.shard.gateway.ShardManager",
						"reactor.netty.http.client.HttpClient" }
				: new String[] { "net.dv8tion.jda.internal.JDAImpl", "okhttp3.OkHttpClient",
						"com.neovisionaries.ws.client.WebSocket" };
		for (String name : names) {
			Class.forName(name, true, Child.class.getClassLoader());
		}
		if (client.equals("ours")) {
			// the zlib-stream decoder's classes, through the exported API
			dev.shard.gateway.GatewayDecoder.of(dev.shard.gateway.Compression.ZLIB_STREAM, 4096).close();
		}
	}

	/** Class name to {instances, bytes}, from the JVM's GC.class_histogram (which collects first). */
	static Map<String, long[]> classHistogram() throws Exception {
		String text = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { null }, new String[] { String[].class.getName() });
		Map<String, long[]> result = new java.util.HashMap<>();
		for (String line : text.split("\n")) {
			String[] f = line.trim().split("\\s+");
			if (f.length >= 4 && f[0].endsWith(":")) {
				result.put(f[3], new long[] { Long.parseLong(f[1]), Long.parseLong(f[2]) });
			}
		}
		return result;
	}

	private static void printHistogramGrowth(Map<String, long[]> before, Map<String, long[]> after, int shards) {
		System.err.printf(Locale.ROOT, "heap growth by class, %d shards (bytes, instances, bytes per shard):%n", shards);
		after.entrySet()
			.stream()
			.map((e) -> {
				long[] b = before.getOrDefault(e.getKey(), new long[2]);
				return Map.entry(e.getKey(), new long[] { e.getValue()[0] - b[0], e.getValue()[1] - b[1] });
			})
			.sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
			.limit(25)
			.forEach((e) -> System.err.printf(Locale.ROOT, "  %10d %8d %8.1f  %s%n", e.getValue()[1], e.getValue()[0],
					e.getValue()[1] / (double) shards, e.getKey()));
	}

	static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/** The starter starts its shards without waiting for them: wait (up to a minute) until all are CONNECTED. */
	static void awaitConnected(GatewayShards shards) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (shards.shards().isEmpty()
				|| !shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("our shard did not connect");
			}
			java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
		}
	}

}
