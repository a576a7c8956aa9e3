/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * IDENTIFY checks in the order Discord applies them (see
 * <a href="https://discord.com/developers/docs/events/gateway#identifying">Identifying</a> and the
 * <a href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes">close
 * codes</a>), READY and GUILD_CREATE routing.
 */
class IdentifyTests {

	private GatewaySimulator sim;

	private GatewaySimulator start(GatewaySimulator.Builder builder) {
		this.sim = builder.build().start();
		return this.sim;
	}

	@AfterEach
	void stop() {
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private int identifyAndAwaitClose(String token, int shard, int shards, long intents) {
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.identify(token, shard, shards, intents);
			return client.awaitClose();
		}
	}

	@Test
	void readyThenGuildCreatesRoutedByShard() {
		start(GatewaySimulator.builder().guilds(12).identifyWindow(Duration.ZERO));
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.identify("test-token", 1, 3, 513);
			JsonNode ready = client.awaitDispatch("READY");
			assertThat(ready.path("s").asLong()).isEqualTo(1);
			JsonNode d = ready.path("d");
			assertThat(d.path("resume_gateway_url").asString()).isEqualTo(this.sim.resumeGatewayUrl())
				.isNotEqualTo(this.sim.gatewayUrl());
			assertThat(d.path("session_id").asString()).isNotEmpty();
			assertThat(d.path("shard").get(0).asInt()).isEqualTo(1);
			assertThat(d.path("shard").get(1).asInt()).isEqualTo(3);
			List<String> expected = this.sim.guildIds()
				.stream()
				.filter((id) -> GatewaySimulator.shardFor(id, 3) == 1)
				.toList();
			assertThat(expected).isNotEmpty().hasSizeLessThan(12);
			assertThat(d.path("guilds").size()).isEqualTo(expected.size());
			await().until(() -> client.dispatches().size() == 1 + expected.size());
			List<JsonNode> creates = client.dispatches().subList(1, 1 + expected.size());
			assertThat(creates).allMatch((n) -> n.path("t").asString().equals("GUILD_CREATE"));
			assertThat(creates).extracting((n) -> n.path("d").path("id").asString())
				.containsExactlyInAnyOrderElementsOf(expected);
			assertThat(creates).extracting((n) -> n.path("s").asLong())
				.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, 1 + expected.size()).boxed().toList());
			JsonNode guild = creates.get(0).path("d");
			assertThat(guild.path("channels").size()).isGreaterThan(3);
			assertThat(guild.path("members").size()).isGreaterThan(1);
			assertThat(guild.path("roles").size()).isEqualTo(3);
		}
		SimulatorLog.Identify identify = this.sim.identifies().get(0);
		assertThat(identify.token()).isEqualTo("[redacted]");
		assertThat(identify.payload()).doesNotContain("test-token");
		assertThat(identify.shardId()).isEqualTo(1);
		assertThat(identify.outcome()).isEqualTo("READY");
	}

	@Test
	void secondIdentifyIsClosedWith4005() {
		start(GatewaySimulator.builder().identifyWindow(Duration.ZERO));
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.identify(this.sim);
			client.awaitDispatch("READY");
			client.identify(this.sim);
			assertThat(client.awaitClose()).isEqualTo(4005);
		}
	}

	@Test
	void badTokenIsClosedWith4004() {
		start(GatewaySimulator.builder());
		assertThat(identifyAndAwaitClose("wrong", 0, 1, 513)).isEqualTo(4004);
		assertThat(this.sim.identifies().get(0).token()).isEqualTo("[invalid]");
		assertThat(this.sim.identifies().get(0).payload()).doesNotContain("wrong");
	}

	@Test
	void invalidIntentsAreClosedWith4013() {
		start(GatewaySimulator.builder());
		assertThat(identifyAndAwaitClose("test-token", 0, 1, 1L << 40)).isEqualTo(4013);
	}

	@Test
	void privilegedIntentsAreClosedWith4014WhenNotAllowed() {
		start(GatewaySimulator.builder().privilegedIntentsAllowed(false));
		assertThat(identifyAndAwaitClose("test-token", 0, 1, 513 | 32768)).isEqualTo(4014);
	}

	@Test
	void tokenIsCheckedBeforeIntents() {
		start(GatewaySimulator.builder());
		assertThat(identifyAndAwaitClose("wrong", 0, 1, 1L << 40)).isEqualTo(4004);
	}

	@Test
	void invalidShardIsClosedWith4010() {
		start(GatewaySimulator.builder());
		assertThat(identifyAndAwaitClose("test-token", 2, 2, 513)).isEqualTo(4010);
	}

	@Test
	void tooManyGuildsPerShardIsClosedWith4011() {
		start(GatewaySimulator.builder().guilds(5).maxGuildsPerShard(4));
		assertThat(identifyAndAwaitClose("test-token", 0, 1, 513)).isEqualTo(4011);
	}

	@Test
	void identifyInsideTheBucketWindowGetsInvalidSessionAndIsRecorded() {
		start(GatewaySimulator.builder().maxConcurrency(2).identifyWindow(Duration.ofSeconds(30)));
		try (BareClient a = BareClient.connect(this.sim); BareClient b = BareClient.connect(this.sim);
				BareClient c = BareClient.connect(this.sim)) {
			a.awaitOp(10);
			b.awaitOp(10);
			c.awaitOp(10);
			a.identify("test-token", 0, 4, 513);
			a.awaitDispatch("READY");
			b.identify("test-token", 1, 4, 513);
			b.awaitDispatch("READY");
			// shard 2 shares bucket 0 with shard 0
			c.identify("test-token", 2, 4, 513);
			JsonNode invalid = c.awaitOp(9);
			assertThat(invalid.path("d").asBoolean(true)).isFalse();
		}
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.containsExactly("identify bucket breach");
		assertThat(this.sim.identifies()).extracting(SimulatorLog.Identify::outcome)
			.containsExactly("READY", "READY", "INVALID_SESSION");
	}

	@Test
	void sameSocketMayIdentifyAgainAfterInvalidSession() {
		Duration window = Duration.ofMillis(300);
		start(GatewaySimulator.builder().identifyWindow(window));
		try (BareClient a = BareClient.connect(this.sim); BareClient b = BareClient.connect(this.sim)) {
			a.awaitOp(10);
			b.awaitOp(10);
			a.identify(this.sim);
			a.awaitDispatch("READY");
			b.identify(this.sim);
			b.awaitOp(9);
			// the bucket reopens a window after the identify that was admitted, as the simulator recorded it (with
			// a margin for the simulator's own clock reading just after that record)
			Instant reopens = this.sim.identifies().get(0).time().plus(window).plusMillis(50);
			await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(reopens));
			b.identify(this.sim);
			b.awaitDispatch("READY");
		}
		assertThat(this.sim.identifies()).extracting(SimulatorLog.Identify::outcome)
			.containsExactly("READY", "INVALID_SESSION", "READY");
	}

	@Test
	void sessionStartBudgetIsEnforcedAndReported() {
		start(GatewaySimulator.builder().identifyWindow(Duration.ZERO).sessionStartLimit(1000, 1, Duration.ofHours(1)));
		try (BareClient a = BareClient.connect(this.sim)) {
			a.awaitOp(10);
			a.identify(this.sim);
			a.awaitDispatch("READY");
		}
		assertThat(identifyAndAwaitClose("test-token", 0, 1, 513)).isEqualTo(4004);
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.contains("session start limit exhausted");
	}

}
