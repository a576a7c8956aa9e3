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
 * Connection-level rules: query checks, Hello, heartbeats, and the payload rules that close a connection.
 */
class GatewayHandshakeTests {

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

	@Test
	void helloCarriesConfiguredInterval() {
		start(GatewaySimulator.builder().heartbeatInterval(Duration.ofMillis(1234)));
		try (BareClient client = BareClient.connect(this.sim)) {
			JsonNode hello = client.awaitOp(10);
			assertThat(hello.path("d").path("heartbeat_interval").asInt()).isEqualTo(1234);
			assertThat(client.received.get(0).path("op").asInt()).isEqualTo(10);
		}
	}

	@Test
	void badVersionIsClosedWith4012() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim, "v=8&encoding=json")) {
			assertThat(client.awaitClose()).isEqualTo(4012);
		}
		try (BareClient client = BareClient.connect(this.sim, "v=9&encoding=json")) {
			client.awaitOp(10);
		}
		assertThat(this.sim.log().violations()).extracting(SimulatorLog.Violation::rule).containsExactly("4012");
	}

	@Test
	void etfEncodingIsRejected() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim, "v=10&encoding=etf")) {
			assertThat(client.awaitClose()).isEqualTo(4002);
		}
	}

	@Test
	void heartbeatIsAckedAndRecorded() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.heartbeat(null);
			client.awaitOp(11);
			await().until(() -> !this.sim.log().connections().get(0).heartbeats().isEmpty());
			SimulatorLog.Heartbeat beat = this.sim.log().connections().get(0).heartbeats().get(0);
			assertThat(beat.d()).isNull();
			assertThat(beat.acked()).isTrue();
		}
	}

	@Test
	void zombieModeStopsAcks() {
		start(GatewaySimulator.builder());
		this.sim.zombie(true);
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.heartbeat(null);
			await().until(() -> !this.sim.log().connections().get(0).heartbeats().isEmpty());
			assertThat(this.sim.log().connections().get(0).heartbeats().get(0).acked()).isFalse();
			this.sim.zombie(false);
			client.heartbeat(null);
			client.awaitOp(11);
			assertThat(client.received).filteredOn((n) -> n.path("op").asInt() == 11).hasSize(1);
		}
	}

	@Test
	void serverRequestedHeartbeatIsRecordedAsAnswered() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			this.sim.requestHeartbeat(null);
			client.awaitOp(1);
			client.heartbeat(null);
			client.awaitOp(11);
			await().until(() -> !this.sim.log().connections().get(0).heartbeats().isEmpty());
			assertThat(this.sim.log().connections().get(0).heartbeats().get(0).requested()).isTrue();
		}
	}

	@Test
	void missingHeartbeatsCloseTheConnection() {
		start(GatewaySimulator.builder()
			.heartbeatInterval(Duration.ofMillis(200))
			.heartbeatGrace(Duration.ofMillis(100)));
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			assertThat(client.awaitClose()).isEqualTo(4009);
		}
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule).contains("heartbeat deadline");
	}

	@Test
	void payloadBeforeIdentifyIsClosedWith4003() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.send("{\"op\":3,\"d\":{\"status\":\"online\",\"since\":null,\"activities\":[],\"afk\":false}}");
			assertThat(client.awaitClose()).isEqualTo(4003);
		}
	}

	@Test
	void unknownOpcodeIsClosedWith4001() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.send("{\"op\":5,\"d\":null}");
			assertThat(client.awaitClose()).isEqualTo(4001);
		}
	}

	@Test
	void badJsonIsClosedWith4002() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.send("{\"op\":1,");
			assertThat(client.awaitClose()).isEqualTo(4002);
		}
	}

	@Test
	void oversizedPayloadIsClosedWith4002() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.send("{\"op\":1,\"d\":null,\"pad\":\"" + "x".repeat(4100) + "\"}");
			assertThat(client.awaitClose()).isEqualTo(4002);
		}
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::detail)
			.anyMatch((d) -> d.contains("exceeds 4096"));
	}

	@Test
	void payloadOf4096BytesIsAccepted() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			String head = "{\"op\":1,\"d\":null,\"pad\":\"";
			client.send(head + "x".repeat(4096 - head.length() - 2) + "\"}");
			client.awaitOp(11);
		}
	}

	@Test
	void tooManyPayloadsAreClosedWith4008() {
		start(GatewaySimulator.builder().payloadLimit(5, Duration.ofSeconds(60)));
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			for (int i = 0; i < 5; i++) {
				client.heartbeat(null);
			}
			await().until(() -> client.received.stream().filter((n) -> n.path("op").asInt() == 11).count() == 5);
			client.heartbeat(null);
			assertThat(client.awaitClose()).isEqualTo(4008);
		}
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule).contains("4008");
	}

}
