/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario controls that a client must survive: op 7, op 9, closes, drops, unknown payloads.
 */
class FaultInjectionTests {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private BareClient identified() {
		BareClient client = BareClient.connect(this.sim);
		client.awaitOp(10);
		client.identify(this.sim);
		client.awaitDispatch("READY");
		return client;
	}

	@Test
	void reconnectSendsOp7AndClosesIfTheClientStays() {
		this.sim = GatewaySimulator.builder().reconnectCloseAfter(Duration.ofMillis(200)).build().start();
		try (BareClient client = identified()) {
			this.sim.reconnect(0);
			assertThat(client.awaitOp(7).path("d").isNull()).isTrue();
			assertThat(client.awaitClose()).isEqualTo(4000);
		}
		assertThat(this.sim.log().connections().get(0).close().by()).isEqualTo("server");
	}

	@Test
	void reconnectInPlaceOfHello() {
		this.sim = GatewaySimulator.builder().build().start();
		this.sim.reconnectBeforeHelloOnNextConnection();
		try (BareClient first = BareClient.connect(this.sim)) {
			first.awaitOp(7);
			assertThat(first.received).noneMatch((n) -> n.path("op").asInt() == 10);
		}
		try (BareClient second = BareClient.connect(this.sim)) {
			second.awaitOp(10);
		}
	}

	@Test
	void invalidateResumableKeepsTheSessionForResumeOnTheSameSocket() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = identified()) {
			String sessionId = client.awaitDispatch("READY").path("d").path("session_id").asString();
			this.sim.invalidate(0, true);
			assertThat(client.awaitOp(9).path("d").asBoolean()).isTrue();
			client.resume("test-token", sessionId, 1);
			client.awaitDispatch("RESUMED");
		}
	}

	@Test
	void invalidateNotResumableDestroysTheSession() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = identified()) {
			this.sim.invalidate(null, false);
			assertThat(client.awaitOp(9).path("d").asBoolean(true)).isFalse();
			await().until(() -> this.sim.sessionIds().isEmpty());
		}
	}

	@Test
	void closeWithAnyCodeKeepsTheSessionResumable() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = identified()) {
			this.sim.close(0, 4900);
			assertThat(client.awaitClose()).isEqualTo(4900);
		}
		assertThat(this.sim.sessionIds()).hasSize(1);
	}

	@Test
	void dropEndsTheSocketWithoutCloseFrame() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = identified()) {
			this.sim.drop(null);
			await().until(() -> client.terminated.get());
			assertThat(client.closeStatus.get()).satisfiesAnyOf((s) -> assertThat(s).isNull(),
					(s) -> assertThat(s.code()).isEqualTo(1006));
		}
		assertThat(this.sim.sessionIds()).hasSize(1);
	}

	@Test
	void rawControlsReachTheClient() {
		this.sim = GatewaySimulator.builder().build().start();
		try (BareClient client = identified()) {
			this.sim.sendUnknownOpcode(0);
			client.awaitOp(99);
			java.util.List<Long> seqs = this.sim.dispatchUnknownType(0);
			JsonNode unknown = client.awaitDispatch("GUILD_JOIN_REQUEST_UPDATE");
			assertThat(unknown.path("s").asLong()).isEqualTo(seqs.get(0));
			this.sim.sendMalformedJson(0);
			await().until(() -> client.decodeErrors.size() == 1);
			this.sim.sendRaw(0, "{\"op\":11}");
			await().until(() -> client.received.stream().anyMatch((n) -> n.path("op").asInt() == 11));
		}
	}

}
