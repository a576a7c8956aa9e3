package dev.shard.sample;

import java.time.Duration;

import dev.shard.sample.simulator.ScriptedConversation;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The sample switched to HTTP interactions with one property: the embedded simulator POSTs signed interactions to
 * the bot's endpoint, and the same listener methods answer them in the HTTP response.
 */
class HttpInteractionsTests {

	@Test
	void thePropertySwitchesTheScriptToSignedHttpInteractions() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleBotApplication.class).run(
				"--discord.token=", "--server.port=0", "--sample.simulator.heartbeat-interval=500ms",
				"--discord.gateway.reconnect.initial-delay=50ms", "--sample.simulator.interactions=http")) {
			GatewaySimulator simulator = context.getBean(GatewaySimulator.class);
			assertThat(context.getEnvironment().getProperty("discord.interactions.public-key"))
				.isEqualTo(simulator.interactionPublicKey());
			ScriptedConversation script = context.getBean(ScriptedConversation.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> script.step() == 4);
			assertThat(simulator.interactionCallbacks()).extracting(SimulatorLog.InteractionCallback::via,
					SimulatorLog.InteractionCallback::type, SimulatorLog.InteractionCallback::status)
				.containsExactly(tuple("http", 4, 200),
						tuple("http", 7, 200));
			assertThat(simulator.violations()).isEmpty();
		}
	}

}
