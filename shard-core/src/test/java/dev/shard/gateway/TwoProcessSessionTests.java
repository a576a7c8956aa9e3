package dev.shard.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two bot processes (real JVMs, {@link SessionStoreChild}) on one {@link FileSessionStore} directory, the second
 * started while the first still runs, as in a rolling deploy on one host: the second resumes each shard only after
 * the first released it, never both at once, and every dispatch is delivered once across the two; if the first
 * never releases, the second identifies after its wait and says why.
 */
@Timeout(180)
class TwoProcessSessionTests {

	private static final int SHARDS = 2;

	@TempDir
	Path directory;

	private GatewaySimulator sim;

	private final List<Child> children = new ArrayList<>();

	@AfterEach
	void tearDown() {
		for (Child child : this.children) {
			child.process.destroyForcibly();
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	@Test
	void theNextProcessResumesEachShardOnlyAfterThePreviousReleasedIt() throws Exception {
		this.sim = ShardManagerTests.simulator(1, SHARDS).sessionExpiry(Duration.ofSeconds(60)).build().start();
		Child first = start("first", Duration.ofMinutes(2));
		first.awaitOutput("CONNECTED");
		stream(40);
		await().atMost(Duration.ofSeconds(20)).until(() -> deliveredOnce(first, null));

		Child second = start("second", Duration.ofMinutes(2));
		second.awaitOutput("waiting for it to be released");
		// the first still runs: the second has neither resumed nor identified
		stream(20);
		await().atMost(Duration.ofSeconds(20)).until(() -> deliveredOnce(first, null));
		assertThat(this.sim.identifies()).hasSize(SHARDS);
		assertThat(this.sim.resumes()).isEmpty();

		first.stop();
		second.awaitOutput("CONNECTED");
		stream(10);
		await().atMost(Duration.ofSeconds(20)).until(() -> deliveredOnce(first, second));

		assertThat(this.sim.identifies()).as("only the first process identified").hasSize(SHARDS);
		assertThat(this.sim.resumes()).hasSize(SHARDS)
			.allSatisfy((r) -> assertThat(r.outcome()).isEqualTo("RESUMED"));
		assertNeverTwoConnectionsOfOneSessionAtOnce();
		second.stop();
	}

	@Test
	void whenThePreviousNeverReleasesTheNextIdentifiesAfterItsWait() throws Exception {
		this.sim = ShardManagerTests.simulator(1, SHARDS).build().start();
		Child first = start("first", Duration.ofMinutes(2));
		first.awaitOutput("CONNECTED");
		Child second = start("second", Duration.ofSeconds(1));
		second.awaitOutput("CONNECTED");
		assertThat(second.output()).contains("another process still holds its session");
		assertThat(this.sim.identifies()).hasSize(2 * SHARDS);
		assertThat(this.sim.resumes()).isEmpty();
		first.stop();
		second.stop();
	}

	private void stream(int count) throws Exception {
		this.sim.dispatch("MESSAGE_CREATE", count, null, null).get(20, TimeUnit.SECONDS);
	}

	/** Whether the children delivered each sequence of each shard's session exactly once, up to the last one. */
	private boolean deliveredOnce(Child a, Child b) throws IOException {
		Map<Integer, List<Long>> seen = new TreeMap<>();
		for (Child child : (b != null) ? List.of(a, b) : List.of(a)) {
			for (String line : Files.readAllLines(child.delivered)) {
				String[] parts = line.trim().split(" ");
				if (parts.length == 2) {
					seen.computeIfAbsent(Integer.parseInt(parts[0]), (k) -> new ArrayList<>())
						.add(Long.parseLong(parts[1]));
				}
			}
		}
		for (int shard = 0; shard < SHARDS; shard++) {
			List<Long> expected = new ArrayList<>();
			for (long s = 1; s <= this.sim.lastSequence(shard); s++) {
				expected.add(s);
			}
			List<Long> got = seen.getOrDefault(shard, List.of());
			if (got.size() > expected.size()) {
				throw new AssertionError("shard " + shard + " delivered more than dispatched: " + got);
			}
			if (!got.equals(expected)) {
				return false;
			}
		}
		return true;
	}

	private void assertNeverTwoConnectionsOfOneSessionAtOnce() {
		List<SimulatorLog.Connection> connections = this.sim.connections();
		for (SimulatorLog.Connection resumed : connections) {
			if (resumed.resume() == null) {
				continue;
			}
			for (SimulatorLog.Connection earlier : connections) {
				if (earlier != resumed && resumed.sessionId().equals(earlier.sessionId())
						&& earlier.openedAt().isBefore(resumed.openedAt())) {
					assertThat(earlier.close()).as("connection %d of the session was closed", earlier.id()).isNotNull();
					assertThat(earlier.close().time()).as("closed before the resume connected")
						.isBeforeOrEqualTo(resumed.openedAt());
				}
			}
		}
	}

	private Child start(String name, Duration lockWait) throws IOException {
		Path log = this.directory.resolve(name + ".log");
		Path delivered = this.directory.resolve(name + ".delivered");
		Files.createFile(delivered);
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
				"-cp", System.getProperty("java.class.path"), SessionStoreChild.class.getName(),
				this.sim.gatewayUrl(), this.sim.restBaseUrl(), this.directory.resolve("sessions").toString(),
				Integer.toString(SHARDS), delivered.toString(), Long.toString(lockWait.toMillis()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Child child = new Child(name, process, log, delivered);
		this.children.add(child);
		return child;
	}

	private record Child(String name, Process process, Path log, Path delivered) {

		String output() throws IOException {
			return Files.readString(this.log);
		}

		void awaitOutput(String text) {
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				if (!this.process.isAlive() && !output().contains(text)) {
					throw new AssertionError(this.name + " exited: " + output());
				}
				return output().contains(text);
			});
		}

		void stop() throws Exception {
			OutputStream in = this.process.getOutputStream();
			in.write("stop\n".getBytes(StandardCharsets.UTF_8));
			in.flush();
			assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as(this.name + " stopped").isTrue();
		}

	}

}
