package dev.shard.sample;

import java.time.Duration;

import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The "Testing your bot" example of the README, kept compiling and passing. */
@SpringBootTest
@DirtiesContext
class ReadmeExampleTests {

	static final GatewaySimulator sim = GatewaySimulator.builder()
		.heartbeatInterval(Duration.ofMillis(500))
		.build()
		.start();

	@DynamicPropertySource
	static void discord(DynamicPropertyRegistry registry) {
		registry.add("discord.token", sim::token);
		registry.add("discord.api-base-url", sim::restBaseUrl);
	}

	@AfterAll
	static void stopSimulator() {
		sim.close();
	}

	@Test
	void answersTheSlashCommand() {
		await().atMost(Duration.ofSeconds(10)).until(() -> sim.identifies().stream()
			.anyMatch((identify) -> identify.outcome().equals("READY")));
		sim.dispatch("INTERACTION_CREATE", 1, null, null).join(); // a synthetic /ping
		await().atMost(Duration.ofSeconds(10)).until(() -> !sim.interactionCallbacks().isEmpty());
		assertThat(sim.interactionCallbacks().get(0).body()).contains("pong");
		assertThat(sim.violations()).isEmpty();
	}

}
