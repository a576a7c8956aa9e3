package com.example.bot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plain-Java example of the README ("Without Spring"): it is this package's {@link PlainJavaBot}, compiled
 * with the tests, in a package of its own so that it can only use the core's public API; it connects to the
 * simulator and receives typed events. The README shows the same source, checked here character for character.
 */
@Timeout(60)
class PlainJavaBotTests {

	private static final Path SOURCE = Path.of("src/test/java/com/example/bot/PlainJavaBot.java");

	private static final Path README = Path.of("../README.md");

	@Test
	void connectsToTheSimulatorAndReceivesTypedMessages() {
		List<MessageCreateEvent> received = new CopyOnWriteArrayList<>();
		try (GatewaySimulator sim = GatewaySimulator.builder().token("plain-java.token").build().start()) {
			ShardManager manager = PlainJavaBot.start(sim.token(), sim.restBaseUrl(), received::add);
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> manager.stateByShard().equals(Map.of(0, ShardState.CONNECTED)));
				sim.dispatch("MESSAGE_CREATE", 3, null, null).join();
				await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
				assertThat(received).allSatisfy((event) -> {
					assertThat(event.info().shardId()).isZero();
					assertThat(event.message().content()).isNotNull();
					assertThat(event.message().author().username()).isNotBlank();
				});
				assertThat(received).extracting((event) -> event.info().sequence()).isSorted().doesNotHaveDuplicates();
			}
			finally {
				manager.shutdown().block(Duration.ofSeconds(10));
			}
			assertThat(sim.violations()).isEmpty();
		}
	}

	@Test
	void theReadmeShowsThisExample() throws IOException {
		String readme = Files.readString(README, StandardCharsets.UTF_8);
		int section = readme.indexOf("\n## Without Spring\n");
		assertThat(section).as("README section \"Without Spring\"").isPositive();
		Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
		assertThat(block.find(section)).as("a java block in \"Without Spring\"").isTrue();
		assertThat(block.group(1)).isEqualTo(Files.readString(SOURCE, StandardCharsets.UTF_8));
	}

}
