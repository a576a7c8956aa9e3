package dev.shard.gateway;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bot process for {@link TwoProcessSessionTests}: runs every shard of a simulator with a {@link FileSessionStore},
 * appends each delivered dispatch as {@code "<shard> <sequence>"} to a file, prints {@code CONNECTED} once all its
 * shards are, and on {@code stop} (or end of input) shuts down resumably and exits.
 * <p>
 * Arguments: gateway URL, REST base URL, session directory, shard count, output file, lock wait in ms.
 */
public final class SessionStoreChild {

	private SessionStoreChild() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
		String gatewayUrl = args[0];
		String restUrl = args[1];
		Path directory = Path.of(args[2]);
		int shards = Integer.parseInt(args[3]);
		Path out = Path.of(args[4]);
		Duration lockWait = Duration.ofMillis(Long.parseLong(args[5]));
		try (PrintWriter delivered = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
			ShardConfig config = ShardConfig.builder(ShardManagerTests.TOKEN)
				.gatewayUrl(gatewayUrl)
				.intents(513 | 2)
				.reconnectBackoff(new ShardConfig.Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0))
				.build();
			ShardManager manager = ShardManager.builder(config)
				.discovery(GatewayDiscovery.builder(ShardManagerTests.TOKEN).apiBase(restUrl).build())
				.identifyWindow(ShardManagerTests.LIMITER_WINDOW)
				.totalShards(shards)
				.sessionStore(new FileSessionStore(directory))
				.sessionCheckpoints(Duration.ofMillis(100), 1000)
				.sessionLockWait(lockWait)
				.sink((d) -> {
					synchronized (delivered) {
						delivered.println(d.shardId() + " " + d.sequence());
					}
				})
				.build();
			manager.start().subscribe();
			Thread watcher = new Thread(() -> {
				while (manager.states().get(ShardState.CONNECTED) < shards) {
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				System.out.println("CONNECTED");
			});
			watcher.setDaemon(true);
			watcher.start();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String line;
			while ((line = in.readLine()) != null && !line.equals("stop")) {
				// wait for the parent
			}
			manager.shutdown(ShutdownMode.RESUMABLE).block(Duration.ofSeconds(30));
			System.out.println("STOPPED");
		}
		System.exit(0);
	}

}
