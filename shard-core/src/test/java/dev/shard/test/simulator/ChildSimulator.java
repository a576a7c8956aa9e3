package dev.shard.test.simulator;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator in a child JVM started from the test class path ({@link SimulatorMain}), for tests that measure
 * this JVM's heap and threads and must not count the simulator's. Reads the URLs it prints at start-up, then
 * keeps draining its output so that it never blocks on a full pipe.
 */
public final class ChildSimulator implements AutoCloseable {

	private final Process process;

	private String restBaseUrl;

	private String gatewayUrl;

	private String controlUrl;

	private ChildSimulator(Process process) {
		this.process = process;
	}

	/**
	 * Start a simulator on an ephemeral port.
	 * @param maxHeap the child's {@code -Xmx} value, e.g. {@code 512m}
	 * @param options {@link SimulatorMain} options, e.g. {@code "--guilds", "32"}
	 * @return the running simulator
	 * @throws IOException if it cannot be started or ends before printing its URLs
	 */
	public static ChildSimulator start(String maxHeap, String... options) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
				"-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				SimulatorMain.class.getName(), "--port", "0"));
		command.addAll(List.of(options));
		ChildSimulator simulator = new ChildSimulator(new ProcessBuilder(command).redirectErrorStream(true).start());
		simulator.readUrls();
		return simulator;
	}

	private void readUrls() throws IOException {
		BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder printed = new StringBuilder();
		String line;
		while ((this.controlUrl == null) && (line = out.readLine()) != null) {
			printed.append(line).append('\n');
			String value = line.substring(line.indexOf(':') + 1).trim();
			if (line.startsWith("REST base URL:")) {
				this.restBaseUrl = value;
			}
			else if (line.startsWith("Gateway URL:")) {
				this.gatewayUrl = value;
			}
			else if (line.startsWith("Control API:")) {
				this.controlUrl = value;
			}
		}
		if (this.controlUrl == null) {
			close();
			throw new IOException("the simulator ended before printing its URLs:\n" + printed);
		}
		Thread drain = new Thread(() -> {
			try {
				while (out.readLine() != null) {
					// discard
				}
			}
			catch (IOException ex) {
				// process ended
			}
		}, "simulator-output");
		drain.setDaemon(true);
		drain.start();
	}

	public String restBaseUrl() {
		return this.restBaseUrl;
	}

	public String gatewayUrl() {
		return this.gatewayUrl;
	}

	public String controlUrl() {
		return this.controlUrl;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
