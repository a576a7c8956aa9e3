/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import static dev.shard.test.simulator.SyntheticWorld.obj;

/**
 * Discord's side of interactions: creates them (fresh snowflakes, so the 3-second budget is real), signs and
 * POSTs them to a bot's endpoint with its own Ed25519 key pair, and judges the answers that come back, by HTTP
 * response or on the callback and webhook routes: an answer later than 3 seconds or a second acknowledgement is
 * refused as Discord refuses it and recorded as a violation. Interactions it did not create (synthetic
 * {@code INTERACTION_CREATE} dispatches, hand-made tokens) are accepted as they come.
 *
 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding">Receiving and
 * Responding</a>
 */
final class InteractionDesk {

	/** Discord's limit for the first answer, from the interaction's snowflake time. */
	static final Duration ANSWER_WINDOW = Duration.ofSeconds(3);

	/** How long an interaction token is valid for follow-ups. */
	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

	private static final HexFormat HEX = HexFormat.of();

	/** How long after Discord's 3 s an HTTP request is still read, so that a late answer can be seen. */
	private static final Duration LATE_GRACE = Duration.ofSeconds(2);

	private final GatewaySimulator sim;

	private final KeyPair keys;

	private final KeyPair otherKeys;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, Issued> byId = new ConcurrentHashMap<>();

	private final Map<String, Issued> byToken = new ConcurrentHashMap<>();

	/** Per token, the id given to the first answer's message ({@code @original}). */
	private final Map<String, Long> originals = new ConcurrentHashMap<>();

	final Fault callbacks = new Fault();

	final Fault webhooks = new Fault();

	InteractionDesk(GatewaySimulator sim, byte[] seed) {
		this.sim = sim;
		this.keys = (seed != null) ? keyPair(seed) : keyPair(null);
		this.otherKeys = keyPair(null);
	}

	/** A random key pair, or the one whose private key is {@code seed}. */
	static KeyPair keyPair(byte[] seed) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
			if (seed != null) {
				// Ed25519's private key is 32 random bytes: hand the generator these
				generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {

					@Override
					public void nextBytes(byte[] bytes) {
						System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
					}

				});
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JDK has no Ed25519 (needed since Java 15)", ex);
		}
	}

	/** The raw 32-byte public key in hex, as the Developer Portal shows it: the last 32 bytes of its X.509 form. */
	static String publicKeyHex(KeyPair keys) {
		byte[] encoded = keys.getPublic().getEncoded();
		return HEX.formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
	}

	String publicKeyHex() {
		return publicKeyHex(this.keys);
	}

	// ---- creating interactions ---------------------------------------------------------------------------

	SimulatedInteraction create(int type, Map<String, Object> data, Map<String, Object> message) {
		SyntheticWorld w = this.sim.world;
		SyntheticWorld.Guild g = w.guilds.get(0);
		SyntheticWorld.Channel channel = g.channels().stream().filter((c) -> c.type() == 0).findFirst().orElseThrow();
		long id = w.newId();
		String token = newToken();
		Map<String, Object> interaction;
		if (type == 1) {
			interaction = obj("id", Long.toString(id), "application_id", Long.toString(w.applicationId), "type", 1,
					"token", token, "version", 1, "user", w.user(g, 1));
		}
		else {
			interaction = w.interaction(g, channel, id, 1, "unused");
			interaction.put("type", type);
			interaction.put("token", token);
			interaction.put("data", data);
			if (message != null) {
				interaction.put("message", message);
			}
		}
		Issued issued = new Issued(Long.toString(id), token, Instant.ofEpochMilli((id >>> 22) + SyntheticWorld.DISCORD_EPOCH));
		this.byId.put(issued.id, issued);
		this.byToken.put(token, issued);
		return new SimulatedInteraction(issued.id, Long.toString(w.applicationId), token, type,
				(type == 1) ? null : Long.toString(g.id()), w.string(interaction));
	}

	/** A bot message carrying one button with {@code customId}, as the {@code message} of a component interaction. */
	Map<String, Object> messageWithButton(String customId) {
		SyntheticWorld w = this.sim.world;
		SyntheticWorld.Guild g = w.guilds.get(0);
		SyntheticWorld.Channel channel = g.channels().stream().filter((c) -> c.type() == 0).findFirst().orElseThrow();
		Map<String, Object> message = w.message(g, channel, w.newId(), 0, "a message with a button", true,
				(System.currentTimeMillis() / 1000) - 1767225600L);
		message.put("components", List.of(obj("type", 1, "components",
				List.of(obj("type", 2, "style", 1, "label", customId, "custom_id", customId)))));
		return message;
	}

	private static String newToken() {
		byte[] bytes = new byte[48];
		ThreadLocalRandom.current().nextBytes(bytes);
		return "sim-" + HEX.formatHex(bytes);
	}

	// ---- HTTP delivery -----------------------------------------------------------------------------------

	CompletableFuture<HttpInteractionResponse> post(String url, SimulatedInteraction interaction,
			SimulatedInteraction.Signing signing) {
		byte[] body = interaction.json().getBytes(StandardCharsets.UTF_8);
		long now = System.currentTimeMillis() / 1000;
		String timestamp = Long.toString((signing == SimulatedInteraction.Signing.STALE_TIMESTAMP) ? now - 600 : now);
		byte[] sent = body;
		if (signing == SimulatedInteraction.Signing.TAMPERED_BODY) {
			sent = (interaction.json() + " ").getBytes(StandardCharsets.UTF_8);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.POST(HttpRequest.BodyPublishers.ofByteArray(sent))
			.header("Content-Type", "application/json")
			.header("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)");
		if (signing != SimulatedInteraction.Signing.MISSING) {
			PrivateKey key = ((signing == SimulatedInteraction.Signing.WRONG_KEY) ? this.otherKeys : this.keys)
				.getPrivate();
			request.header("X-Signature-Ed25519", HEX.formatHex(sign(key, timestamp, body)))
				.header("X-Signature-Timestamp", timestamp);
		}
		// Discord waits 3 s from the interaction's creation, not from the request
		Issued issued = this.byId.get(interaction.id());
		Duration left = (issued != null) ? ANSWER_WINDOW.minus(Duration.between(issued.createdAt, Instant.now()))
				: ANSWER_WINDOW;
		// a grace beyond it, to see what a late endpoint answers (Discord has given up by then: a violation)
		request.timeout((left.isNegative() ? Duration.ZERO : left).plus(LATE_GRACE));
		long start = System.nanoTime();
		return this.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
			.handle((response, failure) -> {
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				if (failure != null) {
					Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
					if (cause instanceof HttpTimeoutException) {
						violation("interaction not answered", "interaction " + interaction.id()
								+ ": no HTTP response within 3 s (\"The application did not respond\")");
					}
					return new HttpInteractionResponse(0, "", elapsed);
				}
				if (issued != null && Duration.between(issued.createdAt, Instant.now()).compareTo(ANSWER_WINDOW) > 0) {
					violation("interaction not answered", "interaction " + interaction.id() + ": HTTP "
							+ response.statusCode() + " only after 3 s (\"The application did not respond\")");
					return new HttpInteractionResponse(response.statusCode(), response.body(), elapsed);
				}
				if (response.statusCode() == 200) {
					JsonNode node = parse(response.body());
					int type = (node != null) ? node.path("type").asInt(-1) : -1;
					int judged = (issued != null) ? acknowledge(issued, type) : 204;
					int status = (judged == 204) ? 200 : judged;
					this.sim.recordAnswer(new SimulatorLog.InteractionCallback(Instant.now(), interaction.id(),
							interaction.token(), type, response.body(), "http", status));
				}
				return new HttpInteractionResponse(response.statusCode(), response.body(), elapsed);
			});
	}

	private static byte[] sign(PrivateKey key, String timestamp, byte[] body) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(timestamp.getBytes(StandardCharsets.UTF_8));
			signature.update(body);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- judging answers ---------------------------------------------------------------------------------

	/**
	 * The first answer over {@code POST /interactions/{id}/{token}/callback}.
	 * @return the status and body to answer, and how long to hold the answer back
	 */
	Answer callback(String id, String token, String body) {
		JsonNode node = parse(body);
		int type = (node != null) ? node.path("type").asInt(-1) : -1;
		Answer answer = this.callbacks.next();
		if (answer == null) {
			Issued issued = this.byId.get(id);
			if (issued == null) {
				answer = new Answer(204, null, this.callbacks.delay);
			}
			else if (!issued.token.equals(token)) {
				answer = new Answer(401, obj("message", "Invalid Webhook Token", "code", 50027), this.callbacks.delay);
			}
			else {
				int status = acknowledge(issued, type);
				answer = new Answer(status, (status == 204) ? null : error(status), this.callbacks.delay);
			}
		}
		this.sim.recordAnswer(
				new SimulatorLog.InteractionCallback(Instant.now(), id, token, type, body, "callback", answer.status));
		return answer;
	}

	/** Marks the first answer; a late or second one is refused the way Discord refuses it, and recorded. */
	private int acknowledge(Issued issued, int type) {
		Duration age = Duration.between(issued.createdAt, Instant.now());
		if (age.compareTo(ANSWER_WINDOW) > 0) {
			violation("interaction answered late",
					"interaction " + issued.id + ": first answer (type " + type + ") after " + age.toMillis() + " ms");
			return 404;
		}
		if (issued.acknowledgements.getAndIncrement() > 0) {
			violation("interaction acknowledged twice",
					"interaction " + issued.id + ": a second answer of type " + type + " on the callback route");
			return 400;
		}
		return 204;
	}

	private static Map<String, Object> error(int status) {
		return switch (status) {
			case 404 -> obj("message", "Unknown interaction", "code", 10062);
			case 400 -> obj("message", "Interaction has already been acknowledged.", "code", 40060);
			default -> obj("message", status + ": error", "code", 0);
		};
	}

	/**
	 * A webhook route of an interaction: follow-up ({@code POST /webhooks/{app}/{token}}) or a message of it
	 * ({@code GET|PATCH|DELETE /webhooks/{app}/{token}/messages/{id|@original}}).
	 */
	Answer webhook(String method, String applicationId, String token, String messageId, String body) {
		Answer answer = this.webhooks.next();
		if (answer == null) {
			Issued issued = this.byToken.get(token);
			if (!applicationId.equals(Long.toString(this.sim.world.applicationId))) {
				answer = new Answer(404, obj("message", "Unknown Webhook", "code", 10015), this.webhooks.delay);
			}
			else if (issued != null
					&& Duration.between(issued.createdAt, Instant.now()).compareTo(TOKEN_LIFETIME) > 0) {
				answer = new Answer(401, obj("message", "Invalid Webhook Token", "code", 50027), this.webhooks.delay);
			}
			else if (messageId != null && !messageId.equals("@original") && parseId(messageId) == 0) {
				// e.g. "%40original": a client that percent-encoded the '@'
				answer = new Answer(404, obj("message", "Unknown Message", "code", 10008), this.webhooks.delay);
			}
			else if (method.equals("DELETE")) {
				answer = new Answer(204, null, this.webhooks.delay);
			}
			else {
				long id = (messageId == null) ? this.sim.world.newId()
						: messageId.equals("@original") ? this.originals.computeIfAbsent(token, (t) -> this.sim.world.newId())
								: parseId(messageId);
				answer = new Answer(200, message(id, parse(body)), this.webhooks.delay);
			}
		}
		this.sim.webhookCalls.add(new SimulatorLog.WebhookCall(Instant.now(), method, applicationId, token, messageId,
				answer.status, body));
		return answer;
	}

	private Map<String, Object> message(long id, JsonNode body) {
		SyntheticWorld w = this.sim.world;
		SyntheticWorld.Guild g = w.guilds.get(0);
		SyntheticWorld.Channel channel = g.channels().stream().filter((c) -> c.type() == 0).findFirst().orElseThrow();
		Map<String, Object> message = w.message(g, channel, id, 0, (body != null) ? body.path("content").asString("") : "",
				true, (System.currentTimeMillis() / 1000) - 1767225600L);
		message.put("webhook_id", Long.toString(w.applicationId));
		message.put("application_id", Long.toString(w.applicationId));
		if (body != null) {
			for (String field : List.of("embeds", "components", "flags")) {
				if (body.has(field)) {
					message.put(field, body.get(field));
				}
			}
		}
		return message;
	}

	private static long parseId(String id) {
		try {
			return Long.parseUnsignedLong(id);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private void violation(String rule, String detail) {
		this.sim.violations.add(new SimulatorLog.Violation(0, Instant.now(), rule, detail));
	}

	private JsonNode parse(String body) {
		try {
			return (body == null || body.isEmpty()) ? null : this.sim.json.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** What a route answers: a status, a JSON body or {@code null}, held back by {@code delay}. */
	record Answer(int status, Object body, Duration delay) {

	}

	/** One interaction the desk created. */
	private static final class Issued {

		final String id;

		final String token;

		final Instant createdAt;

		final AtomicInteger acknowledgements = new AtomicInteger();

		Issued(String id, String token, Instant createdAt) {
			this.id = id;
			this.token = token;
			this.createdAt = createdAt;
		}

	}

	/** Delay and failure controls of one group of routes. */
	static final class Fault {

		volatile Duration delay = Duration.ZERO;

		private final AtomicInteger failures = new AtomicInteger();

		private volatile int status;

		private volatile Duration retryAfter = Duration.ofSeconds(1);

		void delay(Duration delay) {
			this.delay = (delay != null) ? delay : Duration.ZERO;
		}

		void fail(int status, int calls, Duration retryAfter) {
			this.status = status;
			this.retryAfter = (retryAfter != null) ? retryAfter : Duration.ofSeconds(1);
			this.failures.set(calls);
		}

		/** The failure to answer with, or {@code null} when this call goes through. */
		Answer next() {
			if (this.failures.getAndUpdate((n) -> Math.max(0, n - 1)) <= 0) {
				return null;
			}
			if (this.status == 429) {
				return new Answer(429, obj("message", "You are being rate limited.", "retry_after",
						this.retryAfter.toMillis() / 1000.0, "global", false), this.delay);
			}
			return new Answer(this.status, obj("message", this.status + ": simulated failure", "code", 0), this.delay);
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
