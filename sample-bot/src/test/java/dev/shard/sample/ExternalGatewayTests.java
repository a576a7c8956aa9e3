package dev.shard.sample;

import java.time.Duration;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.gateway.ShardState;
import dev.shard.sample.simulator.SimulatedUser;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same jar pointed at another gateway through properties only, as it would be pointed at Discord: a
 * separately started simulator with its own token.
 */
class ExternalGatewayTests {

	@Test
	void connectsToTheGatewayGivenByProperties() {
		try (GatewaySimulator external = GatewaySimulator.builder()
			.token("external-token")
			.heartbeatInterval(Duration.ofMillis(500))
			.guilds(2)
			.build()
			.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleBotApplication.class)
					.run("--discord.token=external-token", "--discord.api-base-url=" + external.restBaseUrl(),
							"--server.port=0", "--spring.profiles.active=message-content")) {
			assertThat(context.getBeanNamesForType(GatewaySimulator.class)).as("no embedded simulator").isEmpty();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !context.getBean(GatewayShards.class).shards().isEmpty() && context
					.getBean(GatewayShards.class).shards().get(0).state() == ShardState.CONNECTED);
			// discovered through GET /gateway/bot on the configured REST base URL, authorised with the token
			assertThat(external.restCalls()).anySatisfy((call) -> {
				assertThat(call.path()).endsWith("/gateway/bot");
				assertThat(call.authorized()).isTrue();
			});
			assertThat(external.identifies()).singleElement()
				.satisfies((identify) -> assertThat(identify.outcome()).isEqualTo("READY"));
			// the opt-in !ping asks for MESSAGE_CONTENT; its reply goes to the same REST base URL
			assertThat(external.identifies().get(0).intents() & (1L << 15)).isNotZero();
			new SimulatedUser(external, "bob", 80351110224678913L).say("!ping");
			await().atMost(Duration.ofSeconds(10)).until(() -> !external.sentMessages().isEmpty());
			assertThat(external.sentMessages()).singleElement()
				.satisfies((message) -> assertThat(message.content()).isEqualTo("pong"));
			// interactions are answered on the same REST base URL too
			external.dispatchInteraction(external.slashCommand("ping"));
			await().atMost(Duration.ofSeconds(10)).until(() -> !external.interactionCallbacks().isEmpty());
			assertThat(external.interactionCallbacks()).singleElement()
				.satisfies((callback) -> assertThat(callback.accepted()).isTrue());
		}
	}

	@Test
	void usesAConfiguredGatewayUrl() {
		try (GatewaySimulator external = GatewaySimulator.builder()
			.token("external-token")
			.heartbeatInterval(Duration.ofMillis(500))
			.build()
			.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleBotApplication.class)
					.run("--discord.token=external-token", "--discord.api-base-url=" + external.restBaseUrl(),
							"--discord.gateway.url=" + external.gatewayUrl(), "--discord.gateway.shards.total=1",
							"--server.port=0")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !context.getBean(GatewayShards.class).shards().isEmpty() && context
					.getBean(GatewayShards.class).shards().get(0).state() == ShardState.CONNECTED);
			assertThat(external.restCalls()).noneSatisfy((call) -> assertThat(call.path()).endsWith("/gateway/bot"));
			assertThat(external.connections()).singleElement()
				.satisfies((connection) -> assertThat(connection.port()).isEqualTo(external.port()));
		}
	}

	@Test
	void usesAConfiguredGatewayUrlWithTheDiscoveredShardCount() {
		try (GatewaySimulator external = GatewaySimulator.builder()
			.token("external-token")
			.heartbeatInterval(Duration.ofMillis(500))
			.build()
			.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleBotApplication.class)
					.run("--discord.token=external-token", "--discord.api-base-url=" + external.restBaseUrl(),
							"--discord.gateway.url=" + external.gatewayUrl(), "--server.port=0")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !context.getBean(GatewayShards.class).shards().isEmpty() && context
					.getBean(GatewayShards.class).shards().get(0).state() == ShardState.CONNECTED);
			assertThat(external.restCalls()).anySatisfy((call) -> assertThat(call.path()).endsWith("/gateway/bot"));
		}
	}

}
