/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone: {@code java -jar shard-test-<version>-standalone.jar --port 8765}. Options:
 * {@code --port}, {@code --token}, {@code --guilds}, {@code --seed}, {@code --shards} (recommended),
 * {@code --max-concurrency}, {@code --heartbeat-interval-ms}, {@code --identify-window-ms},
 * {@code --session-expiry-ms}, {@code --heartbeat-grace-ms}, {@code --reconnect-close-after-ms},
 * {@code --replay-capacity}, {@code --connection-log-capacity}. The token defaults to {@code test-token}.
 */
public final class SimulatorMain {

	private SimulatorMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		// Before the first logger: the standalone jar's own quiet config, unless the user names one.
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "dev/shard/test/simulator/standalone-logback.xml");
		}
		GatewaySimulator.Builder builder = GatewaySimulator.builder();
		for (int i = 0; i + 1 < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--port" -> builder.port(Integer.parseInt(value));
				case "--token" -> builder.token(value);
				case "--guilds" -> builder.guilds(Integer.parseInt(value));
				case "--seed" -> builder.seed(Long.parseLong(value));
				case "--shards" -> builder.recommendedShards(Integer.parseInt(value));
				case "--max-concurrency" -> builder.maxConcurrency(Integer.parseInt(value));
				case "--heartbeat-interval-ms" -> builder.heartbeatInterval(Duration.ofMillis(Long.parseLong(value)));
				case "--identify-window-ms" -> builder.identifyWindow(Duration.ofMillis(Long.parseLong(value)));
				case "--session-expiry-ms" -> builder.sessionExpiry(Duration.ofMillis(Long.parseLong(value)));
				case "--heartbeat-grace-ms" -> builder.heartbeatGrace(Duration.ofMillis(Long.parseLong(value)));
				case "--reconnect-close-after-ms" -> builder.reconnectCloseAfter(Duration.ofMillis(Long.parseLong(value)));
				case "--replay-capacity" -> builder.replayCapacity(Integer.parseInt(value));
				case "--connection-log-capacity" -> builder.connectionLogCapacity(Integer.parseInt(value));
				default -> {
					System.err.println("Unknown option " + args[i]);
					System.exit(2);
				}
			}
		}
		GatewaySimulator sim = builder.build().start();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			sim.close();
			stopped.countDown();
		}));
		System.out.println("Shard gateway simulator running");
		System.out.println("REST base URL:      " + sim.restBaseUrl());
		System.out.println("Gateway URL:        " + sim.gatewayUrl());
		System.out.println("Resume gateway URL: " + sim.resumeGatewayUrl());
		System.out.println("Control API:        " + sim.controlUrl());
		System.out.flush();
		stopped.await();
	}

}
