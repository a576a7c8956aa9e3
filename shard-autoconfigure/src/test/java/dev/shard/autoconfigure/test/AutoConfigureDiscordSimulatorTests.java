package dev.shard.autoconfigure.test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link AutoConfigureDiscordSimulator}: the test's context gets a simulator of its own with the annotation's
 * settings, the starter connects to it without a token, and the simulator stops with the context.
 */
@SpringBootTest(classes = AutoConfigureDiscordSimulatorTests.App.class)
@AutoConfigureDiscordSimulator(shards = 2, guilds = 4, heartbeatInterval = "500ms")
class AutoConfigureDiscordSimulatorTests {

	@Autowired
	GatewaySimulator simulator;

	@Autowired
	GatewayShards shards;

	@Autowired
	Recorder recorder;

	@Autowired
	DiscordConnectionDetails connection;

	@Test
	void theShardsConnectToTheContextsOwnSimulatorWithTheAnnotationsSettings() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.shards().size() == 2
					&& this.shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
		assertThat(this.simulator.identifies()).hasSize(2)
			.allSatisfy((identify) -> assertThat(identify.outcome()).isEqualTo("READY"));
		assertThat(this.simulator.guildIds()).hasSize(4);
		assertThat(this.connection.apiBaseUrl()).isEqualTo(URI.create(this.simulator.restBaseUrl()));
		assertThat(this.connection.toString()).doesNotContain(this.simulator.token());
		this.simulator.dispatch("MESSAGE_CREATE", 3, null, null).join();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.messages.get() == 6);
	}

	@Test
	void theSimulatorStopsWithItsContext() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.sources(DiscordSimulatorAutoConfiguration.class)
			.run("--discord.simulator.guilds=1");
		GatewaySimulator own = context.getBean(GatewaySimulator.class);
		assertThat(own).isNotSameAs(this.simulator);
		int port = own.port();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> context.getBean(GatewayShards.class).shards().stream()
				.anyMatch((s) -> s.state() == ShardState.CONNECTED));
		context.close();
		assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DiscordAutoConfiguration.class)
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder {

		final AtomicInteger messages = new AtomicInteger();

		@EventListener
		void on(MessageCreateEvent event) {
			this.messages.incrementAndGet();
		}

	}

}
