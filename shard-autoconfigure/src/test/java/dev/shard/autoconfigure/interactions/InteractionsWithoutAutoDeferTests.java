package dev.shard.autoconfigure.interactions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.shard.event.InteractionCreateEvent;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.HttpInteractionResponse;
import dev.shard.test.simulator.SimulatedInteraction;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the deadline guard turned off ({@code discord.interactions.auto-defer-enabled=false}), an HTTP interaction no
 * listener answers is not held forever: the endpoint gives up when Discord has (3 s after the interaction's creation)
 * and answers 503; the simulator, which reads a late answer for a moment longer, records it as not answered.
 */
class InteractionsWithoutAutoDeferTests {

	private GatewaySimulator sim;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	@Test
	void anUnansweredHttpInteractionGets503WhenDiscordsThreeSecondsAreOver() {
		this.sim = GatewaySimulator.builder().token("no-defer-token").guilds(1).build().start();
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.logStartupInfo(false)
			.run("--discord.token=" + this.sim.token(), "--discord.api-base-url=" + this.sim.restBaseUrl(),
					"--discord.enabled=false", "--discord.interactions.public-key=" + this.sim.interactionPublicKey(),
					"--discord.interactions.auto-defer-enabled=false", "--server.port=0");
		String endpoint = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port")
				+ "/discord/interactions";

		SimulatedInteraction unknown = this.sim.slashCommand("nobody-answers-this");
		HttpInteractionResponse response = this.sim.postInteraction(endpoint, unknown);

		assertThat(response.status()).isEqualTo(503);
		assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
		assertThat(this.context.getBean(SilentBot.class).seen).containsExactly(unknown.id());
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.containsExactly("interaction not answered");
		assertThat(this.sim.interactionCallbacks()).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	@InteractionsWebApplication
	static class App {

		@Bean
		SilentBot silentBot() {
			return new SilentBot();
		}

	}

	/** Receives interactions and answers none. */
	static class SilentBot {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@EventListener
		void on(InteractionCreateEvent event) {
			this.seen.add(event.interaction().id().asString());
		}

	}

}
