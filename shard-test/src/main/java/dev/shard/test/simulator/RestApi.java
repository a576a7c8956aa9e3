/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

import static dev.shard.test.simulator.SyntheticWorld.obj;

/**
 * The REST side: the Discord routes a bot needs at start-up and for replying, under {@code /api/v10} and
 * {@code /api/v9}, plus the HTTP control API under {@code /control}.
 */
final class RestApi {

	private static final Logger logger = LoggerFactory.getLogger(RestApi.class);

	private final GatewaySimulator sim;

	private final AtomicInteger gatewayBotFailures = new AtomicInteger();

	private volatile int gatewayBotFailureStatus;

	private volatile Duration gatewayBotRetryAfter = Duration.ofSeconds(1);

	RestApi(GatewaySimulator sim) {
		this.sim = sim;
	}

	void failGatewayBot(int status, int calls, Duration retryAfter) {
		this.gatewayBotFailureStatus = status;
		this.gatewayBotRetryAfter = (retryAfter != null) ? retryAfter : Duration.ofSeconds(1);
		this.gatewayBotFailures.set(calls);
	}

	Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
		return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			try {
				return route(req, res, body);
			}
			catch (RuntimeException ex) {
				logger.warn("Simulator REST handler failed for {} {}", req.method(), req.uri(), ex);
				return json(res, 500, obj("message", "500: Internal Server Error", "code", 0));
			}
		});
	}

	private Mono<Void> route(HttpServerRequest req, HttpServerResponse res, String body) {
		String uri = req.uri();
		String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
		if (path.startsWith("/control/") || path.equals("/control")) {
			return control(req, res, path.substring("/control".length()), body);
		}
		String auth = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
		boolean authorized = ("Bot " + this.sim.config.token).equals(auth);
		String route = null;
		for (String prefix : List.of("/api/v10", "/api/v9", "/api")) {
			if (path.startsWith(prefix + "/")) {
				route = path.substring(prefix.length());
				break;
			}
		}
		HttpMethod method = req.method();
		if (route == null) {
			return record(req, res, 404, authorized, body, obj("message", "404: Not Found", "code", 0));
		}
		if (method.equals(HttpMethod.GET) && route.equals("/gateway")) {
			return record(req, res, 200, authorized, body, obj("url", this.sim.gatewayUrl()));
		}
		if (method.equals(HttpMethod.POST) && route.startsWith("/interactions/") && route.endsWith("/callback")) {
			// interaction callbacks authenticate by the interaction token in the path, not the bot token
			String[] parts = route.split("/");
			if (parts.length == 5) {
				return answer(req, res, authorized, body, this.sim.interactionDesk.callback(parts[2], parts[3], body),
						this.sim.interactionDesk.callbacks);
			}
		}
		if (route.startsWith("/webhooks/")) {
			// interaction follow-ups: the interaction token in the path is the credential
			String[] parts = route.split("/");
			String m = method.name();
			if (parts.length == 4 && m.equals("POST")) {
				return answer(req, res, authorized, body,
						this.sim.interactionDesk.webhook(m, parts[2], parts[3], null, body), this.sim.interactionDesk.webhooks);
			}
			if (parts.length == 6 && parts[4].equals("messages") && List.of("GET", "PATCH", "DELETE").contains(m)) {
				return answer(req, res, authorized, body,
						this.sim.interactionDesk.webhook(m, parts[2], parts[3], parts[5], body), this.sim.interactionDesk.webhooks);
			}
		}
		if (!authorized) {
			return record(req, res, 401, false, body, obj("message", "401: Unauthorized", "code", 0));
		}
		if (method.equals(HttpMethod.GET) && route.equals("/gateway/bot")) {
			if (this.gatewayBotFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				int status = this.gatewayBotFailureStatus;
				if (status == 429) {
					double retry = this.gatewayBotRetryAfter.toMillis() / 1000.0;
					res.header("Retry-After", Long.toString((long) Math.ceil(retry)));
					res.header("X-RateLimit-Global", "true");
					res.header("X-RateLimit-Scope", "global");
					return record(req, res, 429, true, body,
							obj("message", "You are being rate limited.", "retry_after", retry, "global", true));
				}
				return record(req, res, status, true, body, obj("message", status + ": simulated failure", "code", 0));
			}
			return record(req, res, 200, true, body, obj("url", this.sim.gatewayUrl(), "shards",
					this.sim.config.recommendedShards, "session_start_limit", this.sim.sessionStartLimit()));
		}
		if (method.equals(HttpMethod.GET) && route.equals("/users/@me")) {
			return record(req, res, 200, true, body, this.sim.world.botUser());
		}
		if (method.equals(HttpMethod.GET) && route.equals("/oauth2/applications/@me")) {
			SyntheticWorld w = this.sim.world;
			return record(req, res, 200, true, body, obj("id", Long.toString(w.applicationId), "name", w.botName,
					"icon", null, "description", "Gateway simulator application", "summary", "", "type", null,
					"hook", true, "bot_public", true, "bot_require_code_grant", false, "verify_key",
					"0".repeat(64), "flags", 565248, "owner", obj("id", Long.toString(w.botId + 1), "username",
							"owner", "discriminator", "0", "avatar", null, "public_flags", 0, "flags", 0),
					"team", null, "bot", w.botUser(), "approximate_guild_count", w.guilds.size(), "tags",
					List.of(), "redirect_uris", List.of(), "interactions_endpoint_url", null));
		}
		if (method.equals(HttpMethod.POST) && route.startsWith("/channels/") && route.endsWith("/messages")) {
			String[] parts = route.split("/");
			if (parts.length == 4) {
				return postMessage(req, res, parts[2], body);
			}
		}
		return record(req, res, 404, true, body, obj("message", "404: Not Found", "code", 0));
	}

	private Mono<Void> postMessage(HttpServerRequest req, HttpServerResponse res, String channelId, String body) {
		SyntheticWorld w = this.sim.world;
		SyntheticWorld.Guild g;
		try {
			g = w.guildsByChannel.get(Long.parseUnsignedLong(channelId));
		}
		catch (NumberFormatException ex) {
			g = null;
		}
		if (g == null) {
			return record(req, res, 404, true, body, obj("message", "Unknown Channel", "code", 10003));
		}
		JsonNode node = parse(body);
		if (node == null || !node.isObject()) {
			return record(req, res, 400, true, body, obj("message", "400: Bad Request", "code", 50109));
		}
		String content = node.path("content").asString("");
		SyntheticWorld.Channel channel = null;
		for (SyntheticWorld.Channel c : g.channels()) {
			if (Long.toString(c.id()).equals(channelId)) {
				channel = c;
			}
		}
		long id = w.newId();
		Map<String, Object> message = w.message(g, channel, id, 0, content, true,
				(System.currentTimeMillis() / 1000) - 1767225600L);
		if (node.has("embeds")) {
			message.put("embeds", node.get("embeds"));
		}
		if (node.has("nonce")) {
			message.put("nonce", node.get("nonce"));
		}
		this.sim.sentMessages.add(new SimulatorLog.SentMessage(Instant.now(), channelId, Long.toString(g.id()),
				Long.toString(id), content, body));
		String json = w.string(message);
		// Discord echoes the bot's own message as MESSAGE_CREATE to the shard that owns the guild
		for (Session s : this.sim.targetSessions(null)) {
			if (SyntheticWorld.shardOf(g.id(), s.shardCount) == s.shardId) {
				this.sim.dispatchTo(s, DispatchTemplate.of("MESSAGE_CREATE", json));
			}
		}
		return record(req, res, 200, true, body, message);
	}

	private Mono<Void> answer(HttpServerRequest req, HttpServerResponse res, boolean authorized, String body,
			InteractionDesk.Answer answer, InteractionDesk.Fault fault) {
		if (answer.status() == 429) {
			res.header("Retry-After", Long.toString((long) Math.ceil(fault.retryAfter().toMillis() / 1000.0)));
			res.header("X-RateLimit-Scope", "user");
		}
		Mono<Void> reply = Mono.defer(() -> record(req, res, answer.status(), authorized, body, answer.body()));
		return answer.delay().isZero() ? reply : Mono.delay(answer.delay()).then(reply);
	}

	private JsonNode parse(String body) {
		try {
			return body.isEmpty() ? null : this.sim.json.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Mono<Void> record(HttpServerRequest req, HttpServerResponse res, int status, boolean authorized,
			String body, Object response) {
		this.sim.restCalls.add(new SimulatorLog.RestCall(Instant.now(), req.method().name(), req.uri(), status,
				authorized, (body.length() > 4000) ? body.substring(0, 4000) : body));
		return json(res, status, response);
	}

	private Mono<Void> json(HttpServerResponse res, int status, Object response) {
		res.status(HttpResponseStatus.valueOf(status));
		if (response == null) {
			return res.send();
		}
		byte[] bytes = this.sim.json.writeValueAsBytes(response);
		res.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
		return res.sendByteArray(Mono.just(bytes)).then();
	}

	// ---- control API -------------------------------------------------------------------------------------

	private Mono<Void> control(HttpServerRequest req, HttpServerResponse res, String path, String body) {
		JsonNode node = parse(body);
		Integer shard = (node != null && node.has("shard") && node.get("shard").isIntegralNumber())
				? node.get("shard").intValue() : null;
		boolean post = req.method().equals(HttpMethod.POST);
		switch (path) {
			case "/log" -> {
				return json(res, 200, this.sim.log());
			}
			case "/summary" -> {
				return json(res, 200, this.sim.summary());
			}
			case "/dispatch" -> {
				if (!post || node == null || !node.path("type").isString()) {
					return json(res, 400, obj("message", "body must be {\"type\": ..., \"count\": N}"));
				}
				int count = node.path("count").asInt(1);
				Double rate = (node.has("ratePerSecond") && node.get("ratePerSecond").isNumber())
						? node.get("ratePerSecond").doubleValue() : null;
				String type = node.get("type").asString();
				if (node.has("d")) {
					List<Long> seqs = this.sim.dispatchRaw(type, node.get("d").toString(), shard);
					return json(res, 200, obj("dispatched", seqs.size(), "sequences", seqs));
				}
				boolean wait = node.path("wait").asBoolean(false);
				var future = this.sim.dispatch(type, count, shard, rate);
				if (wait) {
					return Mono.fromFuture(future).flatMap((n) -> json(res, 200, obj("dispatched", n)));
				}
				return json(res, 202, obj("accepted", true));
			}
			case "/layouts" -> {
				return json(res, 200, this.sim.connectedLayouts());
			}
			case "/recommended-shards" -> {
				if (!post || node == null || !node.path("shards").isIntegralNumber() || node.get("shards").intValue() < 1) {
					return json(res, 400, obj("message", "POST {\"shards\": N} with N >= 1"));
				}
				this.sim.recommendedShards(node.get("shards").intValue());
				return json(res, 200, obj("shards", this.sim.recommendedShards()));
			}
			case "/close-layout" -> {
				if (!post || node == null || !node.path("shards").isIntegralNumber()) {
					return json(res, 400, obj("message", "POST {\"shards\": N, \"code\": 4011}"));
				}
				int closed = this.sim.closeLayout(node.get("shards").intValue(), node.path("code").asInt(4000));
				return json(res, 200, obj("closed", closed));
			}
			case "/guild-dispatch", "/direct-dispatch" -> {
				boolean direct = path.equals("/direct-dispatch");
				if (!post || node == null || !node.path("type").isString() || !node.has("d")
						|| (!direct && !node.path("guildId").isString())) {
					return json(res, 400, obj("message", direct ? "POST {\"type\": ..., \"d\": {...}}"
							: "POST {\"type\": ..., \"guildId\": \"...\", \"d\": {...}}"));
				}
				String type = node.get("type").asString();
				String d = node.get("d").toString();
				List<Long> seqs;
				try {
					seqs = direct ? this.sim.dispatchDirect(type, d)
							: this.sim.dispatchToGuild(type, node.get("guildId").asString(), d);
				}
				catch (IllegalArgumentException ex) {
					return json(res, 400, obj("message", "guildId must be a snowflake"));
				}
				return json(res, 200, obj("dispatched", seqs.size(), "sequences", seqs));
			}
			case "/guild-messages" -> {
				if (!post || node == null || !node.path("count").isIntegralNumber()) {
					return json(res, 400, obj("message", "POST {\"count\": N, \"ratePerSecond\": 0, \"wait\": false}"));
				}
				CompletableFuture<Long> future;
				try {
					future = this.sim.streamGuildMessages(node.get("count").intValue(),
							node.path("ratePerSecond").asDouble(0));
				}
				catch (IllegalArgumentException | IllegalStateException ex) {
					return json(res, 400, obj("message", ex.getMessage()));
				}
				if (node.path("wait").asBoolean(false)) {
					return Mono.fromFuture(future).flatMap((n) -> json(res, 200, obj("dispatched", n)));
				}
				return json(res, 202, obj("accepted", true));
			}
			case "/reconnect" -> this.sim.reconnect(shard);
			case "/invalidate" -> this.sim.invalidate(shard, node != null && node.path("resumable").asBoolean(false));
			case "/close" -> this.sim.close(shard, (node != null) ? node.path("code").asInt(4000) : 4000);
			case "/zombie" -> this.sim.zombie(node == null || node.path("enabled").asBoolean(true));
			case "/drop" -> this.sim.drop(shard);
			case "/raw" -> this.sim.sendRaw(shard, (node != null) ? node.path("text").asString("") : "");
			case "/heartbeat-request" -> this.sim.requestHeartbeat(shard);
			case "/ack-delay" -> this.sim.ackDelay(Duration.ofMillis((node != null) ? node.path("ms").asLong(0) : 0));
			case "/resume-url" -> this.sim.advertiseResumeGatewayUrl(
					(node != null && node.hasNonNull("url")) ? node.path("url").asString() : null);
			case "/unknown-opcode" -> this.sim.sendUnknownOpcode(shard);
			case "/unknown-event" -> this.sim.dispatchUnknownType(shard);
			case "/malformed-json" -> this.sim.sendMalformedJson(shard);
			case "/truncated-frame" -> this.sim.sendTruncatedFrame(shard);
			case "/fragmented" -> this.sim.dispatchFragmented(
					(node != null) ? node.path("type").asString("MESSAGE_CREATE") : "MESSAGE_CREATE",
					(node != null) ? node.path("parts").asInt(3) : 3, shard);
			case "/decompression-bomb" -> this.sim.sendDecompressionBomb(shard,
					(node != null) ? node.path("bytes").asInt(64 << 20) : 64 << 20);
			case "/reconnect-before-hello" -> this.sim.reconnectBeforeHelloOnNextConnection();
			case "/refuse-connections" -> {
				// answered first: the port stops listening right after
				Duration duration = Duration.ofMillis((long) (((node != null) ? node.path("seconds").asDouble(30)
						: 30) * 1000));
				return json(res, 200, obj("ok", true)).doOnTerminate(() -> this.sim.refuseConnections(duration));
			}
			case "/interaction" -> {
				if (!post || node == null || !node.path("kind").isString()) {
					return json(res, 400, obj("message", "POST {\"kind\": \"slash|button|modal|autocomplete|ping\","
							+ " \"name\": ..., \"url\": optional endpoint}"));
				}
				SimulatedInteraction interaction = switch (node.get("kind").asString()) {
					case "slash" -> this.sim.slashCommand(node.path("name").asString("ping"));
					case "button" -> this.sim.buttonClick(node.path("customId").asString("button"));
					case "modal" -> this.sim.modalSubmit(node.path("customId").asString("modal"),
							Map.of("text", node.path("value").asString("")));
					case "autocomplete" -> this.sim.autocomplete(node.path("name").asString("ping"),
							node.path("option").asString("option"), node.path("value").asString(""));
					case "ping" -> this.sim.ping();
					default -> null;
				};
				if (interaction == null) {
					return json(res, 400, obj("message", "unknown kind " + node.get("kind").asString()));
				}
				if (node.hasNonNull("url")) {
					return Mono.fromFuture(this.sim.postInteraction(node.get("url").asString(), interaction,
							SimulatedInteraction.Signing.VALID))
						.flatMap((r) -> json(res, 200, obj("id", interaction.id(), "status", r.status(), "body", r.body())));
				}
				return json(res, 200, obj("id", interaction.id(), "dispatched", this.sim.dispatchInteraction(interaction).size()));
			}
			case "/interaction-callback-failure", "/webhook-failure" -> {
				int status = (node != null) ? node.path("status").asInt(500) : 500;
				int calls = (node != null) ? node.path("calls").asInt(1) : 1;
				Duration retryAfter = Duration.ofMillis((long) (((node != null) ? node.path("retryAfter").asDouble(1.0)
						: 1.0) * 1000));
				if (path.equals("/webhook-failure")) {
					this.sim.failWebhooks(status, calls, retryAfter);
				}
				else {
					this.sim.failInteractionCallbacks(status, calls, retryAfter);
				}
			}
			case "/interaction-callback-delay" -> this.sim
				.delayInteractionCallbacks(Duration.ofMillis((node != null) ? node.path("ms").asLong(0) : 0));
			case "/webhook-delay" -> this.sim.delayWebhooks(Duration.ofMillis((node != null) ? node.path("ms").asLong(0) : 0));
			case "/gateway-bot-failure" -> this.sim.failGatewayBot((node != null) ? node.path("status").asInt(500) : 500,
					(node != null) ? node.path("calls").asInt(1) : 1,
					Duration.ofMillis((long) (((node != null) ? node.path("retryAfter").asDouble(1.0) : 1.0) * 1000)));
			default -> {
				return json(res, 404, obj("message", "unknown control route " + path));
			}
		}
		if (!post) {
			return json(res, 405, obj("message", "use POST"));
		}
		return json(res, 200, obj("ok", true));
	}

}
