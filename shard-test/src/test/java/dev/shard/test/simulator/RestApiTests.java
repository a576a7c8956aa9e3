/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * REST routes and the HTTP control API.
 */
class RestApiTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private GatewaySimulator sim;

	@BeforeEach
	void start() {
		this.sim = GatewaySimulator.builder()
			.identifyWindow(Duration.ZERO)
			.guilds(4)
			.recommendedShards(2)
			.maxConcurrency(2)
			.sessionStartLimit(1000, 998, Duration.ofHours(1))
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.sim.close();
	}

	private HttpResponse<String> call(String method, String url, String body, boolean auth) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (auth) {
			b.header("Authorization", "Bot test-token");
		}
		if (body != null) {
			b.header("Content-Type", "application/json");
		}
		return this.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> r) {
		return BareClient.JSON.readTree(r.body());
	}

	@Test
	void gatewayNeedsNoAuth() throws Exception {
		HttpResponse<String> r = call("GET", this.sim.restBaseUrl() + "/gateway", null, false);
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(json(r).path("url").asString()).isEqualTo(this.sim.gatewayUrl());
	}

	@Test
	void gatewayBotNeedsAuthAndReportsLimits() throws Exception {
		assertThat(call("GET", this.sim.restBaseUrl() + "/gateway/bot", null, false).statusCode()).isEqualTo(401);
		HttpResponse<String> r = call("GET", this.sim.restBaseUrl().replace("v10", "v9") + "/gateway/bot", null, true);
		assertThat(r.statusCode()).isEqualTo(200);
		JsonNode d = json(r);
		assertThat(d.path("url").asString()).isEqualTo(this.sim.gatewayUrl());
		assertThat(d.path("shards").asInt()).isEqualTo(2);
		assertThat(d.path("session_start_limit").path("total").asInt()).isEqualTo(1000);
		assertThat(d.path("session_start_limit").path("remaining").asInt()).isEqualTo(998);
		assertThat(d.path("session_start_limit").path("max_concurrency").asInt()).isEqualTo(2);
		assertThat(d.path("session_start_limit").path("reset_after").asLong()).isBetween(3_500_000L, 3_600_000L);
		assertThat(this.sim.restCalls()).extracting(SimulatorLog.RestCall::status).containsExactly(401, 200);
	}

	@Test
	void gatewayBotFailureOverride() throws Exception {
		this.sim.failGatewayBot(429, 2, Duration.ofMillis(1500));
		HttpResponse<String> r = call("GET", this.sim.restBaseUrl() + "/gateway/bot", null, true);
		assertThat(r.statusCode()).isEqualTo(429);
		assertThat(json(r).path("retry_after").asDouble()).isEqualTo(1.5);
		assertThat(call("GET", this.sim.restBaseUrl() + "/gateway/bot", null, true).statusCode()).isEqualTo(429);
		assertThat(call("GET", this.sim.restBaseUrl() + "/gateway/bot", null, true).statusCode()).isEqualTo(200);
	}

	@Test
	void usersMeAndApplication() throws Exception {
		JsonNode me = json(call("GET", this.sim.restBaseUrl() + "/users/@me", null, true));
		assertThat(me.path("id").asString()).isEqualTo(this.sim.botUserId());
		assertThat(me.path("bot").asBoolean()).isTrue();
		JsonNode app = json(call("GET", this.sim.restBaseUrl() + "/oauth2/applications/@me", null, true));
		assertThat(app.path("id").asString()).isNotEmpty();
		assertThat(call("GET", this.sim.restBaseUrl() + "/users/@me", null, false).statusCode()).isEqualTo(401);
	}

	@Test
	void postedMessageIsRecordedAndEchoedToTheOwningShard() throws Exception {
		String guild = this.sim.guildIds().get(0);
		int owner = GatewaySimulator.shardFor(guild, 2);
		try (BareClient s0 = BareClient.connect(this.sim); BareClient s1 = BareClient.connect(this.sim)) {
			s0.awaitOp(10);
			s1.awaitOp(10);
			s0.identify("test-token", 0, 2, 513);
			s1.identify("test-token", 1, 2, 513);
			s0.awaitDispatch("READY");
			s1.awaitDispatch("READY");
			String channel = this.sim.textChannelIds(0).get(0);
			HttpResponse<String> r = call("POST", this.sim.restBaseUrl() + "/channels/" + channel + "/messages",
					"{\"content\":\"pong\"}", true);
			assertThat(r.statusCode()).isEqualTo(200);
			JsonNode message = json(r);
			assertThat(message.path("content").asString()).isEqualTo("pong");
			BareClient ownerClient = (owner == 0) ? s0 : s1;
			BareClient other = (owner == 0) ? s1 : s0;
			JsonNode echo = ownerClient.awaitDispatch("MESSAGE_CREATE").path("d");
			assertThat(echo.path("id").asString()).isEqualTo(message.path("id").asString());
			assertThat(echo.path("author").path("id").asString()).isEqualTo(this.sim.botUserId());
			assertThat(echo.path("guild_id").asString()).isEqualTo(guild);
			assertThat(other.dispatches()).noneMatch((n) -> n.path("t").asString().equals("MESSAGE_CREATE"));
		}
		assertThat(this.sim.sentMessages()).extracting(SimulatorLog.SentMessage::content).containsExactly("pong");
	}

	@Test
	void unknownChannelAndUnknownRoute() throws Exception {
		assertThat(call("POST", this.sim.restBaseUrl() + "/channels/1/messages", "{\"content\":\"x\"}", true)
			.statusCode()).isEqualTo(404);
		HttpResponse<String> r = call("GET", this.sim.restBaseUrl() + "/nope", null, true);
		assertThat(r.statusCode()).isEqualTo(404);
		assertThat(json(r).path("message").asString()).isEqualTo("404: Not Found");
		assertThat(this.sim.restCalls()).extracting(SimulatorLog.RestCall::path).contains("/api/v10/nope");
	}

	@Test
	void interactionCallbackIsRecorded() throws Exception {
		HttpResponse<String> r = call("POST", this.sim.restBaseUrl() + "/interactions/123/tok/callback",
				"{\"type\":4,\"data\":{\"content\":\"pong\"}}", false);
		assertThat(r.statusCode()).isEqualTo(204);
		assertThat(this.sim.interactionCallbacks()).singleElement().satisfies((c) -> {
			assertThat(c.interactionId()).isEqualTo("123");
			assertThat(c.type()).isEqualTo(4);
		});
	}

	@Test
	void controlApiDrivesTheGateway() throws Exception {
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.identify("test-token", 0, 1, 513);
			client.awaitDispatch("READY");
			int base = client.dispatches().size();
			HttpResponse<String> r = call("POST", this.sim.controlUrl() + "/dispatch",
					"{\"type\":\"MESSAGE_CREATE\",\"count\":25,\"shard\":0,\"wait\":true}", false);
			assertThat(r.statusCode()).isEqualTo(200);
			await().until(() -> client.dispatches().size() == base + 25);
			call("POST", this.sim.controlUrl() + "/dispatch",
					"{\"type\":\"MESSAGE_CREATE\",\"count\":10,\"ratePerSecond\":100}", false);
			await().until(() -> client.dispatches().size() == base + 35);
			call("POST", this.sim.controlUrl() + "/zombie", "{\"enabled\":true}", false);
			client.heartbeat(1L);
			await().until(() -> this.sim.log().connections().get(0).heartbeats().size() == 1);
			assertThat(this.sim.log().connections().get(0).heartbeats().get(0).acked()).isFalse();
			call("POST", this.sim.controlUrl() + "/reconnect", "{}", false);
			client.awaitOp(7);
			call("POST", this.sim.controlUrl() + "/invalidate", "{\"resumable\":true}", false);
			client.awaitOp(9);
			HttpResponse<String> log = call("GET", this.sim.controlUrl() + "/log", null, false);
			assertThat(log.statusCode()).isEqualTo(200);
			JsonNode tree = json(log);
			assertThat(tree.path("connections").get(0).path("identify").path("token").asString()).isEqualTo("[redacted]");
			assertThat(log.body()).doesNotContain("test-token");
			call("POST", this.sim.controlUrl() + "/close", "{\"code\":4321}", false);
			assertThat(client.awaitClose()).isEqualTo(4321);
		}
	}

	@Test
	void refusedConnectionsAreConnectionErrorsThenTheSamePortServesAgain() throws Exception {
		String url = this.sim.restBaseUrl() + "/gateway/bot";
		try (BareClient open = BareClient.connect(this.sim)) {
			open.awaitOp(10);
			this.sim.refuseConnections(null);
			assertThat(this.sim.isRefusingConnections()).isTrue();
			// a connection error, not an HTTP status
			assertThatThrownBy(() -> call("GET", url, null, true)).isInstanceOf(java.net.ConnectException.class);
			// an open connection is not affected
			open.heartbeat(null);
			open.awaitOp(11);
			this.sim.acceptConnections();
			assertThat(call("GET", url, null, true).statusCode()).isEqualTo(200);
			assertThat(this.sim.port()).isEqualTo(URI.create(url).getPort());
		}
		assertThat(this.sim.refusals()).singleElement().satisfies((p) -> assertThat(p.to()).isAfter(p.from()));
	}

	@Test
	void refusedConnectionsForADurationServeAgainByThemselves() throws Exception {
		String url = this.sim.restBaseUrl() + "/gateway/bot";
		this.sim.refuseConnections(Duration.ofMillis(300));
		assertThatThrownBy(() -> call("GET", url, null, true)).isInstanceOf(java.net.ConnectException.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.sim.isRefusingConnections());
		assertThat(call("GET", url, null, true).statusCode()).isEqualTo(200);
	}

}
