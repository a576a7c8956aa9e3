package dev.shard.sample;

import java.time.Duration;

import dev.shard.autoconfigure.test.AutoConfigureDiscordSimulator;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The "Testing your bot" example of the README, kept compiling and passing. */
@SpringBootTest
@AutoConfigureDiscordSimulator(heartbeatInterval = "500ms")
class ReadmeExampleTests {

	@Autowired
	GatewaySimulator sim;

	@Test
	void answersTheSlashCommand() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sim.identifies().stream()
			.anyMatch((identify) -> identify.outcome().equals("READY")));
		this.sim.dispatchInteraction(this.sim.slashCommand("ping")); // a user runs /ping
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.sim.interactionCallbacks().isEmpty());
		assertThat(this.sim.interactionCallbacks().get(0).body()).contains("pong");
		assertThat(this.sim.violations()).isEmpty(); // includes "answered late" and "acknowledged twice"
	}

}
