package dev.shard.sample.simulator;

import java.util.Map;

import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.autoconfigure.test.GatewaySimulatorConnectionDetails;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatedInteraction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Without a bot token, runs the bot on the {@code shard-test} gateway simulator in this JVM: a
 * {@link DiscordConnectionDetails} bean points the starter at it (the starter activates on that bean as it would on
 * {@code discord.token}), and the sample's REST client follows the same connection details.
 * <p>
 * The simulator bean is closed when the context closes, after the shards have been shut down (they depend on it).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDiscordTokenCondition.class)
@EnableConfigurationProperties(SimulatorProperties.class)
class EmbeddedSimulatorConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedSimulatorConfiguration.class);

	@Bean(destroyMethod = "close")
	GatewaySimulator gatewaySimulator(SimulatorProperties properties) {
		GatewaySimulator simulator = GatewaySimulator.builder()
			.token("sample-bot-token")
			.port(properties.port())
			.guilds(properties.guilds())
			.heartbeatInterval(properties.heartbeatInterval())
			.interactionKeySeed(SimulatorInteractionsEnvironmentPostProcessor.KEY_SEED)
			.build()
			.start();
		logger.info("""

				================================================================================
				 No discord.token (or DISCORD_TOKEN) set: running on the embedded gateway
				 simulator from shard-test, not on Discord.
				   REST API: {}
				   Gateway:  {}
				 To run against Discord, give the bot token:
				   DISCORD_TOKEN=<your bot token> ./mvnw -pl sample-bot -am spring-boot:run
				================================================================================""",
				simulator.restBaseUrl(), simulator.gatewayUrl());
		return simulator;
	}

	@Bean
	DiscordConnectionDetails simulatorConnectionDetails(GatewaySimulator simulator) {
		return new GatewaySimulatorConnectionDetails(simulator);
	}

	@Bean
	SimulatedUser simulatedUser(GatewaySimulator simulator) {
		return new SimulatedUser(simulator, "alice", 80351110224678912L);
	}

	/**
	 * Lets you use the bot while it runs on the simulator: {@code curl -XPOST localhost:8080/simulator/slash -d ping}
	 * runs a slash command (delivered as {@code sample.simulator.interactions} says), and
	 * {@code curl -XPOST localhost:8080/simulator/messages -d '!ping'} says something in a channel (read only with
	 * the profile {@code message-content}).
	 */
	@Bean
	RouterFunction<ServerResponse> simulatorRoutes(SimulatedUser user, GatewaySimulator simulator,
			SimulatorProperties properties, Environment environment) {
		return RouterFunctions.route(RequestPredicates.POST("/simulator/messages"),
				(request) -> request.bodyToMono(String.class)
					.flatMap((content) -> ServerResponse.ok()
						.bodyValue(Map.of("content", content, "dispatchedToSessions", user.say(content)))))
			.andRoute(RequestPredicates.POST("/simulator/slash"), (request) -> request.bodyToMono(String.class)
				.defaultIfEmpty("ping")
				.flatMap((name) -> {
					SimulatedInteraction command = simulator.slashCommand(name.trim());
					if (properties.interactions() == SimulatorProperties.Delivery.HTTP) {
						String url = "http://127.0.0.1:" + environment.getProperty("local.server.port")
								+ environment.getProperty("discord.interactions.path", "/discord/interactions");
						return Mono.fromFuture(simulator.postInteraction(url, command, SimulatedInteraction.Signing.VALID))
							.flatMap((response) -> ServerResponse.ok()
								.bodyValue(Map.of("command", name.trim(), "delivery", "http", "answer", response.body())));
					}
					return ServerResponse.ok()
						.bodyValue(Map.of("command", name.trim(), "delivery", "gateway", "dispatchedToSessions",
								simulator.dispatchInteraction(command).size()));
				}));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.simulator.script", matchIfMissing = true)
	ScriptedConversation scriptedConversation(GatewaySimulator simulator, SimulatorProperties properties,
			Environment environment) {
		return new ScriptedConversation(simulator, properties.interactions(), environment);
	}

}
