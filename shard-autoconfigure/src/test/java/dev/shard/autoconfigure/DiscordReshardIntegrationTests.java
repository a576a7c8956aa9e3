package dev.shard.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.shard.autoconfigure.endpoint.DiscordEndpoint;
import dev.shard.autoconfigure.endpoint.DiscordEndpointAutoConfiguration;
import dev.shard.autoconfigure.health.DiscordHealthContributorAutoConfiguration;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.ReshardEvent;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.GuildMessageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Re-sharding a running application: a grown recommendation found by the periodic check, and the actuator
 * endpoint's {@code reshard} operation; listeners receive each message once across the switch, and the re-shard's
 * steps as application events.
 */
@Timeout(120)
class DiscordReshardIntegrationTests {

	private GatewaySimulator sim;

	private ConfigurableApplicationContext context;

	@AfterEach
	void tearDown() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private void start(String... more) {
		this.sim = GatewaySimulator.builder()
			.token("reshard-token")
			.heartbeatInterval(Duration.ofSeconds(2))
			.identifyWindow(Duration.ofMillis(50))
			.maxConcurrency(2)
			.recommendedShards(2)
			.guilds(16)
			.build()
			.start();
		List<String> args = new ArrayList<>(List.of("--discord.token=reshard-token",
				"--discord.api-base-url=" + this.sim.restBaseUrl(), "--discord.gateway.identify-window=100ms",
				"--discord.gateway.intents=GUILDS,GUILD_MESSAGES", "--management.endpoint.discord.access=unrestricted",
				"--management.endpoints.web.exposure.include=discord"));
		for (String property : more) {
			args.add("--" + property);
		}
		this.context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(args.toArray(String[]::new));
		awaitConnected(2);
	}

	private void awaitConnected(int shards) {
		GatewayShards gateway = this.context.getBean(GatewayShards.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> gateway.totalShards() == shards && gateway.shards().size() == shards
					&& gateway.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
	}

	@Test
	void aGrownRecommendationReshardsTheRunningApplicationAndEachMessageArrivesOnce() throws Exception {
		start("discord.gateway.resharding.check-interval=200ms");
		Recorder recorder = this.context.getBean(Recorder.class);
		CompletableFuture<Long> stream = this.sim.streamGuildMessages(1500, 300);
		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.delivered() >= 100);
		this.sim.recommendedShards(4);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> recorder.reshards.stream().anyMatch((e) -> e instanceof ReshardEvent.Switched));
		awaitConnected(4);
		assertThat(stream.get(30, TimeUnit.SECONDS)).isEqualTo(1500);
		await().atMost(Duration.ofSeconds(20)).until(() -> recorder.delivered() >= 1500);
		recorder.assertEachMessageOnceInOrder(1500);
		assertThat(recorder.reshards).first()
			.isEqualTo(new ReshardEvent.Started(2, 4, "recommended"));
		assertThat(this.context.getBean(DiscordHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aCloseWith4011ReshardsTheApplicationAndHealthIsUpAgain() {
		start();
		this.sim.recommendedShards(4);
		assertThat(this.sim.closeLayout(2, 4011)).isEqualTo(2);
		awaitConnected(4);
		Recorder recorder = this.context.getBean(Recorder.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> recorder.reshards.stream().anyMatch((e) -> e instanceof ReshardEvent.Switched));
		assertThat(recorder.reshards).first()
			.isInstanceOfSatisfying(ReshardEvent.Started.class,
					(started) -> assertThat(started.cause()).contains("4011"));
		assertThat(this.context.getBean(DiscordHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void theEndpointStartsAReshardAndSaysWhyItCannot() {
		start("discord.gateway.resharding.enabled=false");
		DiscordEndpoint endpoint = this.context.getBean(DiscordEndpoint.class);
		assertThatThrownBy(() -> endpoint.reshard("reshard", 2)).isInstanceOf(InvalidEndpointRequestException.class)
			.hasMessageContaining("already runs 2 shard(s)");
		assertThatThrownBy(() -> endpoint.reshard("grow", 4)).isInstanceOf(InvalidEndpointRequestException.class);
		assertThat(endpoint.reshard("reshard", 4)).isEqualTo(new DiscordEndpoint.ReshardResult(2, 4, "started"));
		awaitConnected(4);
		assertThat(this.sim.identifies()).hasSize(6);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DiscordAutoConfiguration.class, DiscordHealthContributorAutoConfiguration.class,
			DiscordEndpointAutoConfiguration.class })
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final GuildMessageLog messages = new GuildMessageLog();

		final List<ReshardEvent> reshards = new CopyOnWriteArrayList<>();

		@EventListener
		void on(MessageCreateEvent event) {
			this.messages.record(event.message().content());
		}

		@EventListener
		void on(ReshardEvent event) {
			this.reshards.add(event);
		}

		int delivered() {
			return this.messages.delivered();
		}

		void assertEachMessageOnceInOrder(int total) {
			assertThat(this.messages.problems()).isEmpty();
			assertThat(this.messages.delivered()).isEqualTo(total);
		}

	}

}
