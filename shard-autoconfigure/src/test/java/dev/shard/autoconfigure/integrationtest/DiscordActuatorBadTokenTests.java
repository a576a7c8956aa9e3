package dev.shard.autoconfigure.integrationtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bot with a token the gateway rejects: the shard stops with 4004, the health is DOWN with the close code, and
 * the endpoint stays read-only because its access was not opened.
 */
@SpringBootTest(classes = DiscordActuatorBadTokenTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(ThreadDumpOnTimeout.class)
@DirtiesContext
class DiscordActuatorBadTokenTests {

	static final String BAD_TOKEN = "MTk4NjIyNDQ3.Wrong-Secret-Token.Bq7";

	static final GatewaySimulator sim = GatewaySimulator.builder()
		.token("MTk4NjIyNDQ3.the-right-one.Aa1")
		.heartbeatInterval(Duration.ofMillis(300))
		.identifyWindow(Duration.ofMillis(100))
		.build()
		.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("discord.token", () -> "Bot " + BAD_TOKEN);
		registry.add("discord.api-base-url", sim::restBaseUrl);
		registry.add("discord.gateway.url", sim::gatewayUrl);
		registry.add("discord.gateway.shards.total", () -> "1");
		registry.add("discord.gateway.shutdown-timeout", () -> "2s");
		registry.add("management.endpoints.web.exposure.include", () -> "health,discord,env,configprops");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("management.endpoint.env.show-values", () -> "always");
		registry.add("management.endpoint.configprops.show-values", () -> "always");
	}

	@AfterAll
	static void stopSimulator() {
		sim.close();
	}

	ActuatorHttp http;

	@LocalServerPort
	int port;

	@BeforeEach
	void httpClient() {
		this.http = new ActuatorHttp(this.port);
	}

	@Autowired
	GatewayShards shards;

	@Autowired
	DiscordHealthIndicator health;

	@Autowired
	MeterRegistry registry;

	@Test
	void healthIsDownWith4004AndTheEndpointIsReadOnly() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.shards.shards().size() == 1
				&& this.shards.shards().get(0).state() == ShardState.FATALLY_CLOSED);
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN);

		Map<String, Object> body = this.http.getJson("/actuator/health/discord", 503);
		assertThat(body).containsEntry("status", "DOWN");
		@SuppressWarnings("unchecked")
		Map<String, Object> details = (Map<String, Object>) body.get("details");
		assertThat(details).containsEntry("closeCode", 4004).containsEntry("failedShard", 0);
		assertThat((String) details.get("reason")).startsWith("AUTHENTICATION_FAILED");
		assertThat(details.toString()).contains("state=FATALLY_CLOSED").contains("lastCloseCode=4004");
		assertThat(this.http.getJson("/actuator/health", 503)).containsEntry("status", "DOWN");

		Map<String, Object> shard = this.http.getJson("/actuator/discord/0", 200);
		assertThat(shard).containsEntry("state", "FATALLY_CLOSED")
			.containsEntry("lastCloseCode", 4004)
			.containsEntry("failure", "AUTHENTICATION_FAILED");

		// Read-only by default: no restart over HTTP.
		Shard before = this.shards.shard(0).orElseThrow();
		this.http.client().post().uri("/actuator/discord/0/restart").exchange().expectStatus().is4xxClientError();
		assertThat(this.shards.shard(0)).containsSame(before);
		assertThat(sim.identifies()).hasSize(1);
		assertThat(this.registry.get("discord.gateway.identifies").tag("shard", "0").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("discord.gateway.shards").tag("state", "fatally_closed").gauge().value())
			.isEqualTo(1);
	}

	@Test
	void badTokenNeverAppearsInActuatorOutput() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.shards.shards().size() == 1
				&& this.shards.shards().get(0).state() == ShardState.FATALLY_CLOSED);
		for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/health",
				"/actuator/health/discord", "/actuator/discord", "/actuator/discord/0")) {
			String text = this.http.getText(path);
			assertThat(text).as(path).isNotEmpty().doesNotContain(BAD_TOKEN).doesNotContain("Wrong-Secret-Token");
		}
		assertThat(this.http.getText("/actuator/env")).contains(sim.gatewayUrl());
	}



	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		SwitchableIdentifyLimiter identifyLimiter() {
			return new SwitchableIdentifyLimiter(Duration.ofMillis(150));
		}

	}

}
