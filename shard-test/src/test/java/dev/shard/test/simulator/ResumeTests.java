/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RESUME: replay in order then RESUMED, unknown/expired sessions, seq ahead, and session destruction on a
 * client 1000 close.
 */
class ResumeTests {

	private GatewaySimulator sim;

	@AfterEach
	void stop() {
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private GatewaySimulator start(GatewaySimulator.Builder builder) {
		this.sim = builder.identifyWindow(Duration.ZERO).guilds(2).build().start();
		return this.sim;
	}

	private String identify(BareClient client) {
		client.awaitOp(10);
		client.identify(this.sim);
		JsonNode ready = client.awaitDispatch("READY");
		await().until(() -> client.dispatches().size() == 3);
		return ready.path("d").path("session_id").asString();
	}

	@Test
	void resumeReplaysMissedDispatchesInOrderThenResumed() {
		start(GatewaySimulator.builder());
		String sessionId;
		long seq;
		try (BareClient first = BareClient.connect(this.sim)) {
			sessionId = identify(first);
			this.sim.dispatch("MESSAGE_CREATE", 5, 0, null).join();
			await().until(() -> first.dispatches().size() == 8);
			seq = first.lastSeq();
			this.sim.drop(0);
			await().until(() -> first.terminated.get());
		}
		assertThat(seq).isEqualTo(8);
		// dispatched while disconnected: buffered for replay
		this.sim.dispatch("TYPING_START", 3, 0, null).join();
		this.sim.dispatch("MESSAGE_CREATE", 2, 0, null).join();
		try (BareClient second = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			second.awaitOp(10);
			second.resume("test-token", sessionId, 6);
			JsonNode resumed = second.awaitDispatch("RESUMED");
			List<JsonNode> dispatches = second.dispatches();
			assertThat(dispatches).extracting((n) -> n.path("s").asLong())
				.containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
			assertThat(dispatches).extracting((n) -> n.path("t").asString())
				.containsExactly("MESSAGE_CREATE", "MESSAGE_CREATE", "TYPING_START", "TYPING_START", "TYPING_START",
						"MESSAGE_CREATE", "MESSAGE_CREATE", "RESUMED");
			assertThat(resumed.path("s").asLong()).isEqualTo(14);
			// live again
			this.sim.dispatch("MESSAGE_CREATE", 1, 0, null).join();
			await().until(() -> second.lastSeq() == 15);
		}
		SimulatorLog.Resume resume = this.sim.resumes().get(0);
		assertThat(resume.outcome()).isEqualTo("RESUMED");
		assertThat(resume.seq()).isEqualTo(6);
		assertThat(resume.replayed()).isEqualTo(7);
		assertThat(resume.resumeUrl()).isTrue();
		assertThat(this.sim.violations()).isEmpty();
		assertThat(this.sim.log().connections().get(0).close().by()).isEqualTo("server-drop");
	}

	@Test
	void resumeOnTheDiscoveryUrlIsRecordedAsViolation() {
		start(GatewaySimulator.builder());
		String sessionId;
		try (BareClient first = BareClient.connect(this.sim)) {
			sessionId = identify(first);
			first.close(4000);
			first.awaitClose();
		}
		try (BareClient second = BareClient.connect(this.sim)) {
			second.awaitOp(10);
			second.resume("test-token", sessionId, 3);
			second.awaitDispatch("RESUMED");
		}
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.containsExactly("resume not at resume_gateway_url");
	}

	@Test
	void unknownSessionGetsInvalidSessionFalse() {
		start(GatewaySimulator.builder());
		try (BareClient client = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			client.awaitOp(10);
			client.resume("test-token", "nope", 1);
			assertThat(client.awaitOp(9).path("d").asBoolean(true)).isFalse();
		}
	}

	@Test
	void expiredSessionGetsInvalidSessionFalse() {
		start(GatewaySimulator.builder().sessionExpiry(Duration.ofMillis(100)));
		String sessionId;
		try (BareClient first = BareClient.connect(this.sim)) {
			sessionId = identify(first);
			first.close(4000);
			first.awaitClose();
		}
		// the simulator no longer lists the session as live once its expiry passed (no fixed sleep)
		await().until(() -> this.sim.sessionIds().isEmpty());
		try (BareClient client = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			client.awaitOp(10);
			client.resume("test-token", sessionId, 3);
			assertThat(client.awaitOp(9).path("d").asBoolean(true)).isFalse();
		}
		assertThat(this.sim.resumes().get(0).outcome()).isEqualTo("INVALID_SESSION");
	}

	@Test
	void seqAheadIsClosedWith4007() {
		start(GatewaySimulator.builder());
		String sessionId;
		try (BareClient first = BareClient.connect(this.sim)) {
			sessionId = identify(first);
			first.close(4000);
			first.awaitClose();
		}
		try (BareClient client = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			client.awaitOp(10);
			client.resume("test-token", sessionId, 99);
			assertThat(client.awaitClose()).isEqualTo(4007);
		}
	}

	@Test
	void clientCloseWith1000DestroysTheSession() {
		start(GatewaySimulator.builder());
		String sessionId;
		try (BareClient first = BareClient.connect(this.sim)) {
			sessionId = identify(first);
			first.close(1000);
			first.awaitClose();
		}
		await().until(() -> this.sim.sessionIds().isEmpty());
		try (BareClient client = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			client.awaitOp(10);
			client.resume("test-token", sessionId, 3);
			assertThat(client.awaitOp(9).path("d").asBoolean(true)).isFalse();
		}
		assertThat(this.sim.log().connections().get(0).close().code()).isEqualTo(1000);
		assertThat(this.sim.log().connections().get(0).close().by()).isEqualTo("client");
	}

	@Test
	void replayBufferOverflowGetsInvalidSession() {
		start(GatewaySimulator.builder().replayCapacity(10));
		String sessionId;
		try (BareClient first = BareClient.connect(this.sim)) {
			sessionId = identify(first);
			first.close(4000);
			first.awaitClose();
		}
		this.sim.dispatch("TYPING_START", 20, 0, null).join();
		try (BareClient client = new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json")) {
			client.awaitOp(10);
			client.resume("test-token", sessionId, 3);
			assertThat(client.awaitOp(9).path("d").asBoolean(true)).isFalse();
		}
	}

	@Test
	void dispatchedRecordMatchesWhatTheClientReceived() {
		start(GatewaySimulator.builder());
		try (BareClient client = BareClient.connect(this.sim)) {
			identify(client);
			this.sim.dispatch("MESSAGE_CREATE", 50, null, null).join();
			await().until(() -> client.dispatches().size() == 53);
			assertThat(this.sim.dispatched(0)).extracting(SimulatorLog.Dispatch::seq)
				.containsExactlyElementsOf(client.dispatches().stream().map((n) -> n.path("s").asLong()).toList());
			assertThat(this.sim.dispatchedCount("MESSAGE_CREATE")).isEqualTo(50);
			assertThat(this.sim.lastSequence(0)).isEqualTo(53);
		}
	}

}
