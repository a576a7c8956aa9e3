/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Interactions on the simulator: created with fresh ids, delivered over the gateway or as signed HTTP POSTs, and
 * their answers (callbacks, HTTP responses, webhook follow-ups) recorded and judged against Discord's rules.
 */
class InteractionSimulatorTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private GatewaySimulator sim;

	private DisposableServer endpoint;

	@BeforeEach
	void start() {
		this.sim = GatewaySimulator.builder().identifyWindow(Duration.ZERO).guilds(2).build().start();
	}

	@AfterEach
	void stop() {
		if (this.endpoint != null) {
			this.endpoint.disposeNow();
		}
		this.sim.close();
	}

	private HttpResponse<String> post(String path, String method, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.sim.restBaseUrl() + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A minimal interactions endpoint that checks signatures with the JDK, as a bot must, and answers "hi". */
	private String startEndpoint(Duration answerAfter) throws Exception {
		byte[] raw = HexFormat.of().parseHex(this.sim.interactionPublicKey());
		byte[] x509 = new byte[44];
		System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
		System.arraycopy(raw, 0, x509, 12, 32);
		PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
		this.endpoint = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> req.receive()
			.aggregate()
			.asByteArray()
			.flatMap((body) -> {
				String signature = req.requestHeaders().get("X-Signature-Ed25519");
				String timestamp = req.requestHeaders().get("X-Signature-Timestamp");
				boolean valid;
				try {
					Signature verifier = Signature.getInstance("Ed25519");
					verifier.initVerify(key);
					verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
					verifier.update(body);
					valid = verifier.verify(HexFormat.of().parseHex(signature))
							&& Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 60;
				}
				catch (Exception ex) {
					valid = false;
				}
				if (!valid) {
					return res.status(401).send().then();
				}
				JsonNode node = BareClient.JSON.readTree(body);
				String answer = (node.path("type").asInt() == 1) ? "{\"type\":1}"
						: "{\"type\":4,\"data\":{\"content\":\"hi\"}}";
				return Mono.delay(answerAfter)
					.then(res.header("Content-Type", "application/json").sendString(Mono.just(answer)).then());
			})).bindNow();
		return "http://127.0.0.1:" + this.endpoint.port() + "/interactions";
	}

	@Test
	void signedPostIsVerifiedWithTheAdvertisedPublicKeyAndItsAnswerIsRecorded() throws Exception {
		String url = startEndpoint(Duration.ZERO);
		assertThat(this.sim.interactionPublicKey()).hasSize(64).matches("[0-9a-f]+");
		SimulatedInteraction command = this.sim.slashCommand("ping");
		HttpInteractionResponse response = this.sim.postInteraction(url, command);
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.sim.interactionCallbacks()).singleElement().satisfies((c) -> {
			assertThat(c.interactionId()).isEqualTo(command.id());
			assertThat(c.type()).isEqualTo(4);
			assertThat(c.via()).isEqualTo("http");
			assertThat(c.status()).isEqualTo(200);
		});
		assertThat(this.sim.postInteraction(url, this.sim.ping()).body()).isEqualTo("{\"type\":1}");
		List<SimulatorLog.InteractionCallback> heard = new CopyOnWriteArrayList<>();
		this.sim.onInteractionAnswer(heard::add);
		SimulatedInteraction again = this.sim.slashCommand("again");
		this.sim.postInteraction(url, again);
		await().until(() -> heard.size() == 1);
		assertThat(heard.get(0).interactionId()).isEqualTo(again.id());
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void aSeededKeyIsKnownBeforeTheSimulatorStarts() {
		byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
		// RFC 8032, Ed25519 test 1
		assertThat(GatewaySimulator.interactionPublicKey(seed))
			.isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
		try (GatewaySimulator seeded = GatewaySimulator.builder().interactionKeySeed(seed).build().start()) {
			assertThat(seeded.interactionPublicKey()).isEqualTo(GatewaySimulator.interactionPublicKey(seed));
		}
		assertThat(this.sim.interactionPublicKey()).isNotEqualTo(GatewaySimulator.interactionPublicKey(seed));
	}

	@Test
	void badlySignedPostsAreRefusedByAVerifyingEndpoint() throws Exception {
		String url = startEndpoint(Duration.ZERO);
		for (SimulatedInteraction.Signing signing : List.of(SimulatedInteraction.Signing.WRONG_KEY,
				SimulatedInteraction.Signing.TAMPERED_BODY, SimulatedInteraction.Signing.STALE_TIMESTAMP,
				SimulatedInteraction.Signing.MISSING)) {
			assertThat(this.sim.postInteraction(url, this.sim.slashCommand("ping"), signing).join().status())
				.as(signing.name())
				.isEqualTo(401);
		}
		assertThat(this.sim.interactionCallbacks()).isEmpty();
	}

	@Test
	void anEndpointSlowerThanThreeSecondsIsAViolation() throws Exception {
		String url = startEndpoint(Duration.ofMillis(3500));
		HttpInteractionResponse response = this.sim.postInteraction(url, this.sim.slashCommand("ping"));
		// what the endpoint answered, read a moment after Discord gave up: not taken as an answer
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(3400));
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule).containsExactly("interaction not answered");
		assertThat(this.sim.interactionCallbacks()).isEmpty();
	}

	@Test
	void interactionsGoToTheShardOwningTheirGuildWithFreshIds() {
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.identify("test-token", 0, 1, 0);
			client.awaitDispatch("READY");
			SimulatedInteraction button = this.sim.buttonClick("again");
			assertThat(this.sim.dispatchInteraction(button)).hasSize(1);
			JsonNode d = client.awaitDispatch("INTERACTION_CREATE").path("d");
			assertThat(d.path("id").asString()).isEqualTo(button.id());
			assertThat(d.path("type").asInt()).isEqualTo(3);
			assertThat(d.path("data").path("custom_id").asString()).isEqualTo("again");
			assertThat(d.path("message").path("components").get(0).path("components").get(0).path("custom_id").asString())
				.isEqualTo("again");
			long createdAt = (Long.parseLong(button.id()) >>> 22) + 1420070400000L;
			assertThat(System.currentTimeMillis() - createdAt).isBetween(0L, 5000L);
		}
		JsonNode modal = BareClient.JSON.readTree(this.sim.modalSubmit("feedback", Map.of("text", "nice")).json());
		assertThat(modal.path("type").asInt()).isEqualTo(5);
		assertThat(modal.path("data").path("components").get(0).path("components").get(0).path("value").asString())
			.isEqualTo("nice");
		JsonNode complete = BareClient.JSON.readTree(this.sim.autocomplete("color", "name", "bl").json());
		assertThat(complete.path("type").asInt()).isEqualTo(4);
		assertThat(complete.path("data").path("options").get(0).path("focused").asBoolean()).isTrue();
		assertThat(this.sim.slashCommand("ping").toString()).doesNotContain(this.sim.slashCommand("x").token());
	}

	@Test
	void callbackRouteTakesOneAnswerAndRefusesASecond() throws Exception {
		SimulatedInteraction command = this.sim.slashCommand("ping");
		String route = "/interactions/" + command.id() + "/" + command.token() + "/callback";
		assertThat(post(route, "POST", "{\"type\":5}").statusCode()).isEqualTo(204);
		HttpResponse<String> second = post(route, "POST", "{\"type\":4,\"data\":{\"content\":\"x\"}}");
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(BareClient.JSON.readTree(second.body()).path("code").asInt()).isEqualTo(40060);
		assertThat(post("/interactions/" + command.id() + "/wrong/callback", "POST", "{\"type\":4}").statusCode())
			.isEqualTo(401);
		assertThat(this.sim.interactionCallbacks()).extracting(SimulatorLog.InteractionCallback::status)
			.containsExactly(204, 400, 401);
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.containsExactly("interaction acknowledged twice");
	}

	@Test
	void aCallbackAfterThreeSecondsIsRefusedAsUnknown() {
		SimulatedInteraction command = this.sim.slashCommand("ping");
		String route = "/interactions/" + command.id() + "/" + command.token() + "/callback";
		// a slow bot: answers 3.2 s after the interaction was created
		CompletableFuture<Integer> late = CompletableFuture.supplyAsync(() -> {
			try {
				return post(route, "POST", "{\"type\":4}").statusCode();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, CompletableFuture.delayedExecutor(3200, TimeUnit.MILLISECONDS));
		assertThat(late.join()).isEqualTo(404);
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.containsExactly("interaction answered late");
	}

	@Test
	void followUpsAndEditsAreRecordedAndAnsweredWithTheMessage() throws Exception {
		SimulatedInteraction command = this.sim.slashCommand("ping");
		String hook = "/webhooks/" + command.applicationId() + "/" + command.token();
		HttpResponse<String> followUp = post(hook, "POST", "{\"content\":\"later\",\"flags\":64}");
		assertThat(followUp.statusCode()).isEqualTo(200);
		JsonNode message = BareClient.JSON.readTree(followUp.body());
		assertThat(message.path("content").asString()).isEqualTo("later");
		assertThat(message.path("flags").asInt()).isEqualTo(64);
		HttpResponse<String> edit = post(hook + "/messages/@original", "PATCH", "{\"content\":\"edited\"}");
		assertThat(edit.statusCode()).isEqualTo(200);
		assertThat(post(hook + "/messages/@original", "DELETE", null).statusCode()).isEqualTo(204);
		assertThat(post("/webhooks/1/" + command.token(), "POST", "{\"content\":\"x\"}").statusCode()).isEqualTo(404);
		assertThat(post(hook + "/messages/%40original", "PATCH", "{}").statusCode()).isEqualTo(404);
		assertThat(this.sim.webhookCalls()).extracting(SimulatorLog.WebhookCall::method, SimulatorLog.WebhookCall::status)
			.containsExactly(tuple("POST", 200), tuple("PATCH", 200),
					tuple("DELETE", 204), tuple("POST", 404), tuple("PATCH", 404));
		assertThat(this.sim.webhookCalls().get(0).isFollowUp()).isTrue();
		assertThat(this.sim.webhookCalls().get(1).isEditOriginal()).isTrue();
		assertThat(this.sim.log().webhookCalls()).hasSize(5);
	}

	@Test
	void theControlApiCreatesAndDeliversInteractions() throws Exception {
		String url = startEndpoint(Duration.ZERO);
		HttpResponse<String> overHttp = this.http.send(HttpRequest.newBuilder(URI.create(this.sim.controlUrl() + "/interaction"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"slash\",\"name\":\"ping\",\"url\":\"" + url + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode answer = BareClient.JSON.readTree(overHttp.body());
		assertThat(answer.path("status").asInt()).isEqualTo(200);
		assertThat(answer.path("body").asString()).contains("hi");
		try (BareClient client = BareClient.connect(this.sim)) {
			client.awaitOp(10);
			client.identify("test-token", 0, 1, 0);
			client.awaitDispatch("READY");
			HttpResponse<String> overGateway = this.http.send(HttpRequest.newBuilder(URI.create(this.sim.controlUrl() + "/interaction"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"button\",\"customId\":\"again\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(BareClient.JSON.readTree(overGateway.body()).path("dispatched").asInt()).isEqualTo(1);
			assertThat(client.awaitDispatch("INTERACTION_CREATE").path("d").path("data").path("custom_id").asString())
				.isEqualTo("again");
		}
		this.http.send(HttpRequest.newBuilder(URI.create(this.sim.controlUrl() + "/webhook-failure"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"status\":503}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		SimulatedInteraction command = this.sim.slashCommand("ping");
		assertThat(post("/webhooks/" + command.applicationId() + "/" + command.token(), "POST", "{}").statusCode())
			.isEqualTo(503);
	}

	@Test
	void callbacksAndWebhooksCanBeFailedAndDelayed() throws Exception {
		SimulatedInteraction command = this.sim.slashCommand("ping");
		this.sim.failInteractionCallbacks(429, 1, Duration.ofMillis(250));
		String route = "/interactions/" + command.id() + "/" + command.token() + "/callback";
		HttpResponse<String> limited = post(route, "POST", "{\"type\":5}");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(BareClient.JSON.readTree(limited.body()).path("retry_after").asDouble()).isEqualTo(0.25);
		assertThat(post(route, "POST", "{\"type\":5}").statusCode()).isEqualTo(204);
		this.sim.failWebhooks(500, 1, null);
		String hook = "/webhooks/" + command.applicationId() + "/" + command.token();
		assertThat(post(hook, "POST", "{\"content\":\"x\"}").statusCode()).isEqualTo(500);
		this.sim.delayWebhooks(Duration.ofMillis(300));
		long start = System.nanoTime();
		assertThat(post(hook, "POST", "{\"content\":\"x\"}").statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.sim.violations()).isEmpty();
	}

}
