package dev.shard.autoconfigure.health;

import java.time.Duration;
import java.util.Map;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.health.DiscordHealthContributorAutoConfiguration;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.gateway.CloseCode;
import dev.shard.gateway.Fleet;
import dev.shard.gateway.Shard;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault matrix, the health part: the starter's {@code discord} health indicator over two zlib-stream shards of a
 * real context is {@code UP} while they run and {@code DOWN} once the gateway closes them with a fatal code, with the
 * code and its name in the details; the shards stay stopped (no new connection). A spent session-start budget is
 * DOWN with its reset time, but stops nothing: the shards connect after the reset.
 */
class FatalCloseHealthTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class,
				DiscordHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class));

	@ParameterizedTest(name = "close {0}")
	@ValueSource(ints = { 4004, 4010, 4011, 4012, 4013, 4014 })
	void fatalCloseCodeStopsTheShardsAndHealthIsDown(int code) {
		try (GatewaySimulator sim = Fleet.simulator().build().start()) {
			this.runner
				.withPropertyValues("discord.token=" + Fleet.TOKEN, "discord.api-base-url=" + sim.restBaseUrl(),
						"discord.gateway.url=" + sim.gatewayUrl(), "discord.gateway.shards.total=2",
						"discord.gateway.compression=zlib-stream", "discord.gateway.identify-window=300ms",
						"discord.gateway.reconnect.initial-delay=20ms", "discord.gateway.reconnect.max-delay=200ms",
						"discord.gateway.shutdown-timeout=2s",
						// a 4011 would otherwise start a re-shard (DiscordReshardIntegrationTests)
						"discord.gateway.resharding.enabled=false")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					GatewayShards shards = context.getBean(GatewayShards.class);
					DiscordHealthIndicator health = context.getBean(DiscordHealthIndicator.class);
					await().atMost(Duration.ofSeconds(15))
						.until(() -> shards.shards().size() == 2
								&& shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
					assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

					sim.close(null, code);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> shards.shards().stream().allMatch((s) -> s.state() == ShardState.FATALLY_CLOSED));
					Health down = health.health(true);
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails()).containsEntry("closeCode", code).containsKey("failedShard");
					assertThat((String) down.getDetails().get("reason")).startsWith(CloseCode.of(code).name());
					@SuppressWarnings("unchecked")
					Map<String, Map<String, Object>> perShard = (Map<String, Map<String, Object>>) down.getDetails()
						.get("shards");
					assertThat(perShard).hasSize(2).allSatisfy((id, d) -> {
						assertThat(d).containsEntry("state", "FATALLY_CLOSED").containsEntry("lastCloseCode", code);
						assertThat(String.valueOf(d.get("error"))).doesNotContain(Fleet.TOKEN);
					});
					assertThat(down.toString()).doesNotContain(Fleet.TOKEN);
					for (Shard s : shards.shards()) {
						assertThat(s.failure()).get().isExactlyInstanceOf(CloseCode.exceptionFor(code, "x").getClass());
					}
					// stopped for good: no reconnect a while later, and still DOWN
					await().during(Duration.ofMillis(600))
						.atMost(Duration.ofSeconds(2))
						.until(() -> sim.log().connections().size() == 2);
					assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
				});
		}
	}

	/**
	 * Issue 16, item 7: the session-start budget is spent while a shard still has to identify. Health is DOWN with
	 * the reset time and the waiting shard; the shard is not stopped, and once the budget resets it connects and
	 * health is UP again.
	 */
	@Test
	void spentBudgetIsDownWithTheResetTimeThenUpAfterTheReset() {
		try (GatewaySimulator sim = Fleet.simulator().sessionStartLimit(10, 1, Duration.ofSeconds(4)).build().start()) {
			this.runner
				.withPropertyValues("discord.token=" + Fleet.TOKEN, "discord.api-base-url=" + sim.restBaseUrl(),
						"discord.gateway.shards.total=2", "discord.gateway.identify-window=300ms",
						"discord.gateway.reconnect.initial-delay=20ms", "discord.gateway.reconnect.max-delay=200ms",
						"discord.gateway.shutdown-timeout=2s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					GatewayShards shards = context.getBean(GatewayShards.class);
					DiscordHealthIndicator health = context.getBean(DiscordHealthIndicator.class);
					await().atMost(Duration.ofSeconds(15))
						.until(() -> shards.shard(1).flatMap(Shard::identifyBlockedUntil).isPresent());
					Health down = health.health(true);
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails()).containsEntry("sessionStartLimitExhausted", true)
						.containsEntry("waitingForSessionStartLimit", 1)
						.containsKey("sessionStartLimitResetsAt")
						.doesNotContainKey("failedShard");
					@SuppressWarnings("unchecked")
					Map<String, Map<String, Object>> perShard = (Map<String, Map<String, Object>>) down.getDetails()
						.get("shards");
					assertThat(perShard.get("1")).containsKey("waitingForSessionStartLimitUntil")
						.doesNotContainEntry("state", "FATALLY_CLOSED");
					assertThat(sim.identifies()).hasSize(1);

					await().atMost(Duration.ofSeconds(30))
						.until(() -> shards.shards().size() == 2
								&& shards.shards().stream().allMatch((s) -> s.state() == ShardState.CONNECTED));
					assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
					assertThat(sim.identifies()).hasSize(2);
					assertThat(sim.violations()).isEmpty();
				});
		}
	}

}
