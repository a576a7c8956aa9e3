package dev.shard.autoconfigure.metrics;

import java.time.Duration;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.ShardConfigCustomizer;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.ShardConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link DiscordMetricsAutoConfiguration}, and the meters fed by hand through the observer callbacks
 * (names, tags, bounded cardinality, caching). The simulator tests check them against real traffic.
 */
class DiscordMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordMetricsAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.metrics-secret.xyz");

	@Test
	void runWithMeterRegistryShouldInstallTheObserver() {
		this.runner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(DiscordGatewayMetrics.class);
			ShardConfig.Builder builder = ShardConfig.builder("MTIz.metrics-secret.xyz");
			context.getBean("discordMetricsShardConfigCustomizer", ShardConfigCustomizer.class).customize(builder);
			assertThat(builder.build().observer()).isSameAs(context.getBean(DiscordGatewayMetrics.class));
			// The state gauges exist from the start, one per state.
			assertThat(context.getBean(MeterRegistry.class).find(DiscordGatewayMetrics.SHARDS).gauges()).hasSize(10);
			assertThat(context.getBean(MeterRegistry.class).get(DiscordGatewayMetrics.SHARDS)
				.tag("state", "connected").gauge().value()).isZero();
		});
	}

	@Test
	void runWithoutMeterRegistryBeanShouldNotCreateMeters() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DiscordGatewayMetrics.class)
			.doesNotHaveBean("discordMetricsShardConfigCustomizer"));
	}

	@Test
	void runWhenDisabledShouldNotCreateMeters() {
		this.runner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("discord.metrics.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordGatewayMetrics.class));
	}

	@Test
	void runWithoutMicrometerShouldNotCreateMeters() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordGatewayMetrics.class));
	}

	@Test
	void runWithoutTokenShouldNotCreateMeters() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordMetricsAutoConfiguration.class))
			.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordGatewayMetrics.class));
	}

	@Test
	void userMetricsBeanShouldWin() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, UserMetricsConfiguration.class)
			.run((context) -> assertThat(context.getBean(DiscordGatewayMetrics.class))
				.isSameAs(context.getBean(UserMetricsConfiguration.class).metrics));
	}

	@Test
	void callbacksShouldFeedTheNamedMetersWithBoundedTags() {
		this.runner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			DiscordGatewayMetrics metrics = context.getBean(DiscordGatewayMetrics.class);
			metrics.onDispatch(3, "MESSAGE_CREATE");
			metrics.onDispatch(3, "MESSAGE_CREATE");
			metrics.onDispatch(0, "GUILD_CREATE");
			for (int i = 0; i < 500; i++) {
				metrics.onDispatch(3, "UNDOCUMENTED_" + i);
			}
			metrics.onFrame(3, 100, 400);
			metrics.onFrame(3, 50, 0);
			metrics.onSend(3, 1, 20, Duration.ZERO);
			metrics.onSend(3, 2, 300, Duration.ofMillis(5));
			metrics.onSend(3, 999, 10, Duration.ZERO);
			metrics.onIdentify(3);
			metrics.onResume(3);
			metrics.onResume(3);
			metrics.onReconnect(3, ReconnectCause.ZOMBIE);
			metrics.onHeartbeatAck(3, Duration.ofMillis(42));

			assertThat(registry.get("discord.gateway.events").tags("shard", "3", "type", "MESSAGE_CREATE").counter()
				.count()).isEqualTo(2);
			assertThat(registry.get("discord.gateway.events").tags("shard", "0", "type", "GUILD_CREATE").counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("discord.gateway.events").tags("shard", "3", "type", "unknown").counter().count())
				.isEqualTo(500);
			// 500 undocumented names, one "unknown" series: MESSAGE_CREATE and unknown for shard 3.
			assertThat(registry.find("discord.gateway.events").tag("shard", "3").counters()).hasSize(2);
			assertThat(counter(registry, "discord.gateway.bytes", "shard", "3", "direction", "in", "kind",
					"compressed")).isEqualTo(150);
			assertThat(counter(registry, "discord.gateway.bytes", "shard", "3", "direction", "in", "kind",
					"inflated")).isEqualTo(400);
			assertThat(counter(registry, "discord.gateway.bytes", "shard", "3", "direction", "out", "kind",
					"compressed")).isEqualTo(330);
			assertThat(counter(registry, "discord.gateway.commands", "shard", "3", "op", "1")).isEqualTo(1);
			assertThat(counter(registry, "discord.gateway.commands", "shard", "3", "op", "2")).isEqualTo(1);
			assertThat(counter(registry, "discord.gateway.commands", "shard", "3", "op", "other")).isEqualTo(1);
			assertThat(registry.get("discord.gateway.commands.wait").tag("shard", "3").timer().count()).isEqualTo(3);
			assertThat(registry.get("discord.gateway.commands.wait").tag("shard", "3").timer()
				.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(5);
			assertThat(counter(registry, "discord.gateway.identifies", "shard", "3")).isEqualTo(1);
			assertThat(counter(registry, "discord.gateway.resumes", "shard", "3")).isEqualTo(2);
			assertThat(counter(registry, "discord.gateway.reconnects", "shard", "3", "cause", "zombie")).isEqualTo(1);
			assertThat(counter(registry, "discord.gateway.reconnects", "shard", "3", "cause", "transport")).isZero();
			assertThat(registry.find("discord.gateway.reconnects").tag("shard", "3").counters())
				.hasSize(ReconnectCause.values().length);
			assertThat(registry.get("discord.gateway.latency").tag("shard", "3").timer().count()).isEqualTo(1);
			assertThat(registry.get("discord.gateway.dispatch.queue").tag("shard", "3").gauge().value()).isZero();
			assertThat(registry.get("discord.gateway.dispatch.lag").tag("shard", "3").timer().count()).isZero();
		});
	}

	@Test
	void countersShouldBeCachedPerShardAndType() {
		this.runner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			DiscordGatewayMetrics metrics = context.getBean(DiscordGatewayMetrics.class);
			metrics.onDispatch(1, "MESSAGE_CREATE");
			Counter first = registry.get("discord.gateway.events").tags("shard", "1", "type", "MESSAGE_CREATE")
				.counter();
			// A registry that refused new meters would not change the cached instance the hot path uses.
			registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.deny());
			metrics.onDispatch(1, "MESSAGE_CREATE");
			assertThat(first.count()).isEqualTo(2);
		});
	}

	private static double counter(MeterRegistry registry, String name, String... tags) {
		return registry.get(name).tags(tags).counter().count();
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		DiscordGatewayMetrics metrics;

		@Bean
		DiscordGatewayMetrics myMetrics(MeterRegistry registry, dev.shard.autoconfigure.GatewayShards shards) {
			this.metrics = new DiscordGatewayMetrics(registry, shards);
			return this.metrics;
		}

	}

}
