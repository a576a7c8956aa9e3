package dev.shard.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GatewayDiscovery} against the simulator's REST API over loopback.
 */
@Timeout(60)
class GatewayDiscoveryTests {

	private static final String TOKEN = "discovery-token.abc";

	private GatewaySimulator sim;

	@BeforeEach
	void startSimulator() {
		this.sim = GatewaySimulator.builder()
			.token(TOKEN)
			.recommendedShards(7)
			.maxConcurrency(16)
			.sessionStartLimit(1000, 987, Duration.ofHours(3))
			.build()
			.start();
	}

	@AfterEach
	void stopSimulator() {
		this.sim.close();
	}

	private GatewayDiscovery.Builder discovery(String token) {
		return GatewayDiscovery.builder(token)
			.apiBase(this.sim.restBaseUrl())
			.backoff(Duration.ofMillis(50), Duration.ofMillis(200));
	}

	@Test
	void gatewayBotReadsUrlShardsAndSessionStartLimitAndCachesTheUrl() {
		GatewayDiscovery discovery = discovery("Bot " + TOKEN).build();
		assertThat(discovery.cachedUrl()).isEmpty();
		GatewayBot bot = discovery.gatewayBot().block(Duration.ofSeconds(10));
		assertThat(bot.url()).isEqualTo(URI.create(stripSlash(this.sim.gatewayUrl())));
		assertThat(bot.shards()).isEqualTo(7);
		SessionStartLimit limit = bot.sessionStartLimit();
		assertThat(limit.total()).isEqualTo(1000);
		assertThat(limit.remaining()).isEqualTo(987);
		assertThat(limit.maxConcurrency()).isEqualTo(16);
		assertThat(limit.resetAfter()).isBetween(Duration.ofHours(3).minusMinutes(1), Duration.ofHours(3));
		assertThat(discovery.cachedUrl()).contains(bot.url());
		int calls = gatewayBotCalls().size();
		// Cached: asking for the URL again makes no call.
		assertThat(discovery.gatewayUrl().block(Duration.ofSeconds(5))).isEqualTo(bot.url());
		assertThat(gatewayBotCalls()).hasSize(calls);
		assertThat(gatewayBotCalls()).allSatisfy((call) -> assertThat(call.authorized()).isTrue());
		discovery.invalidateUrl();
		assertThat(discovery.gatewayUrl().block(Duration.ofSeconds(5))).isEqualTo(bot.url());
		assertThat(gatewayBotCalls()).hasSize(calls + 1);
	}

	@Test
	void gatewayNeedsNoToken() {
		GatewayDiscovery discovery = discovery(null).build();
		assertThat(discovery.gateway().block(Duration.ofSeconds(10)))
			.isEqualTo(URI.create(stripSlash(this.sim.gatewayUrl())));
		assertThat(discovery.gatewayUrl().block(Duration.ofSeconds(5))).isNotNull();
	}

	@Test
	void wrongTokenIsRejectedAtOnceWithoutTheTokenInTheMessage() {
		String wrong = "wrong-secret-token.xyz";
		GatewayDiscovery discovery = discovery(wrong).build();
		assertThatThrownBy(() -> discovery.gatewayBot().block(Duration.ofSeconds(10)))
			.isInstanceOf(TokenRejectedException.class)
			.isInstanceOf(GatewayException.class)
			.hasMessageContaining("401")
			.hasMessageNotContaining(wrong);
		assertThat(gatewayBotCalls()).hasSize(1);
		assertThat(discovery.toString()).doesNotContain(wrong);
	}

	@Test
	void simulated401IsNotRetried() {
		this.sim.failGatewayBot(401, 3, Duration.ZERO);
		GatewayDiscovery discovery = discovery(TOKEN).build();
		assertThatThrownBy(() -> discovery.gatewayBot().block(Duration.ofSeconds(10)))
			.isInstanceOf(TokenRejectedException.class);
		assertThat(gatewayBotCalls()).hasSize(1);
	}

	@Test
	void rateLimitedCallsWaitRetryAfterThenSucceed() {
		this.sim.failGatewayBot(429, 2, Duration.ofMillis(400));
		GatewayDiscovery discovery = discovery(TOKEN).build();
		GatewayBot bot = discovery.gatewayBot().block(Duration.ofSeconds(20));
		assertThat(bot.shards()).isEqualTo(7);
		List<SimulatorLog.RestCall> calls = gatewayBotCalls();
		assertThat(calls).extracting(SimulatorLog.RestCall::status).containsExactly(429, 429, 200);
		// The JSON body's retry_after (0.4 s) is honoured between attempts, not the backoff (50 ms).
		for (int i = 1; i < calls.size(); i++) {
			assertThat(Duration.between(calls.get(i - 1).time(), calls.get(i).time()))
				.isGreaterThanOrEqualTo(Duration.ofMillis(380));
		}
	}

	@Test
	void serverErrorsAreRetriedWithBackoff() {
		this.sim.failGatewayBot(500, 2, Duration.ZERO);
		GatewayDiscovery discovery = discovery(TOKEN).build();
		assertThat(discovery.gatewayBot().block(Duration.ofSeconds(20)).shards()).isEqualTo(7);
		assertThat(gatewayBotCalls()).extracting(SimulatorLog.RestCall::status).containsExactly(500, 500, 200);
	}

	@Test
	void retriesAreBounded() {
		this.sim.failGatewayBot(503, 10, Duration.ZERO);
		GatewayDiscovery discovery = discovery(TOKEN).maxAttempts(3).build();
		assertThatThrownBy(() -> discovery.gatewayBot().block(Duration.ofSeconds(20)))
			.isInstanceOfSatisfying(GatewayDiscoveryException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(503))
			.hasMessageContaining("after 3 attempts")
			.hasMessageNotContaining(TOKEN);
		assertThat(gatewayBotCalls()).hasSize(3);
	}

	@Test
	void aRetryAfterLongerThanAllowedFailsInsteadOfWaiting() {
		this.sim.failGatewayBot(429, 1, Duration.ofSeconds(120));
		GatewayDiscovery discovery = discovery(TOKEN).maxRetryAfter(Duration.ofSeconds(10)).build();
		assertThatThrownBy(() -> discovery.gatewayBot().block(Duration.ofSeconds(5)))
			.isInstanceOf(GatewayDiscoveryException.class)
			.hasMessageContaining("rate limited");
		assertThat(gatewayBotCalls()).hasSize(1);
	}

	@Test
	void connectionFailuresAreRetriedThenReported() {
		GatewayDiscovery discovery = GatewayDiscovery.builder(TOKEN)
			.apiBase("http://127.0.0.1:1/api/v10")
			.backoff(Duration.ofMillis(10), Duration.ofMillis(20))
			.maxAttempts(2)
			.build();
		assertThatThrownBy(() -> discovery.gatewayBot().block(Duration.ofSeconds(10)))
			.isInstanceOf(GatewayDiscoveryException.class)
			.hasMessageContaining("after 2 attempts");
	}

	private List<SimulatorLog.RestCall> gatewayBotCalls() {
		return this.sim.restCalls().stream().filter((call) -> call.path().endsWith("/gateway/bot")).toList();
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
