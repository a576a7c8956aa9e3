package dev.shard.autoconfigure.interactions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.shard.event.InteractionCreateEvent;
import dev.shard.model.Interaction;
import dev.shard.model.InteractionType;
import dev.shard.model.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Answers interactions, whichever way Discord delivered them: over the gateway the first answer is
 * {@code POST /interactions/{id}/{token}/callback}; over HTTP (the application's interactions endpoint) it is the
 * HTTP response itself. Follow-ups and edits go to the interaction's webhook, {@code /webhooks/{application_id}/{token}},
 * on {@code discord.api-base-url}. A listener is written once for both:
 *
 * <pre>{@code
 * @EventListener(condition = "#event.interaction().data()?.name() == 'ping'")
 * void ping(InteractionCreateEvent event) {
 *     interactions.reply(event, InteractionMessage.of("pong"));
 * }
 * }</pre>
 *
 * Every method starts its work at once and returns a future of its outcome; a failure is also logged (without the
 * token), so a listener need not wait for it. Discord takes an interaction's first answer only within 3 seconds of
 * its creation. The deadline guard defers any interaction no listener has answered within
 * {@code discord.interactions.auto-defer} (2 s), logging which listener is still running; the answer the listener
 * gives later goes out as a follow-up (or, for {@link #update}, as an edit of the message) without the listener
 * having to know. Only a modal or autocomplete results cannot come after a defer: those fail.
 * <p>
 * Discord answers 429 with {@code retry_after}; the call is repeated after it, up to three times.
 *
 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding">Receiving and
 * Responding</a>
 */
public final class Interactions implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Interactions.class);

	/** Callback types, see the interaction response object in Discord's documentation. */
	static final int PONG = 1;

	static final int CHANNEL_MESSAGE_WITH_SOURCE = 4;

	static final int DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;

	static final int DEFERRED_UPDATE_MESSAGE = 6;

	static final int UPDATE_MESSAGE = 7;

	static final int APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8;

	static final int MODAL = 9;

	/** Discord's limit for the first answer. */
	static final Duration ANSWER_WINDOW = Duration.ofSeconds(3);

	/** How long an interaction token can be used for follow-ups. */
	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

	private static final int MAX_RETRIES = 3;

	private final WebClient client;

	private final JsonMapper json;

	private final Duration autoDefer;

	private final boolean autoDeferEnabled;

	private final boolean autoDeferEphemeral;

	private final InteractionMetrics metrics;

	private final Map<Long, PendingInteraction> pending = new ConcurrentHashMap<>();

	private final ScheduledThreadPoolExecutor timer;

	Interactions(WebClient client, JsonMapper json, DiscordInteractionsProperties properties,
			InteractionMetrics metrics) {
		this.client = client;
		this.json = json;
		this.autoDefer = properties.autoDefer();
		this.autoDeferEnabled = properties.autoDeferEnabled();
		this.autoDeferEphemeral = properties.autoDeferEphemeral();
		this.metrics = metrics;
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "discord-interactions-deadline");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
	}

	// ---- first answers -----------------------------------------------------------------------------------

	/**
	 * Answer with a message (callback type 4). After a defer (by the listener or the deadline guard) or a first
	 * answer, it is sent as a follow-up instead.
	 * @param event the interaction
	 * @param message the message
	 * @return completes when Discord has it
	 */
	public CompletableFuture<Void> reply(InteractionCreateEvent event, InteractionMessage message) {
		PendingInteraction p = pendingFor(event);
		if (p.claim(CHANNEL_MESSAGE_WITH_SOURCE)) {
			return firstAnswer(p, CHANNEL_MESSAGE_WITH_SOURCE, message.toJson(), false);
		}
		return followUp(event, message).thenApply((m) -> null);
	}

	/**
	 * Answer with a text message.
	 * @param event the interaction
	 * @param content the text
	 * @return completes when Discord has it
	 * @see #reply(InteractionCreateEvent, InteractionMessage)
	 */
	public CompletableFuture<Void> reply(InteractionCreateEvent event, String content) {
		return reply(event, InteractionMessage.of(content));
	}

	/**
	 * Acknowledge now and answer later: "thinking…" for a command or modal (type 5), no visible change for a
	 * component (type 6). Answer afterwards with {@link #reply} or {@link #followUp} (a new message, the first
	 * replacing "thinking…"), or {@link #update} / {@link #editOriginal}. Does nothing when already acknowledged.
	 * @param event the interaction
	 * @param ephemeral whether the answer to a command will be seen only by the invoking user
	 * @return completes when Discord has it
	 */
	public CompletableFuture<Void> defer(InteractionCreateEvent event, boolean ephemeral) {
		PendingInteraction p = pendingFor(event);
		int type = deferType(p.interaction);
		if (p.claim(type)) {
			return firstAnswer(p, type, deferData(type, ephemeral), false);
		}
		return p.acknowledged.copy();
	}

	/**
	 * {@link #defer(InteractionCreateEvent, boolean)}, visible to everyone.
	 * @param event the interaction
	 * @return completes when Discord has it
	 */
	public CompletableFuture<Void> defer(InteractionCreateEvent event) {
		return defer(event, false);
	}

	/**
	 * Edit the message the clicked component is on (type 7; components and modals opened from them). After a
	 * defer it edits the original message ({@code PATCH .../messages/@original}) instead.
	 * @param event the interaction
	 * @param message the new message
	 * @return completes when Discord has it
	 */
	public CompletableFuture<Void> update(InteractionCreateEvent event, InteractionMessage message) {
		PendingInteraction p = pendingFor(event);
		if (p.claim(UPDATE_MESSAGE)) {
			return firstAnswer(p, UPDATE_MESSAGE, message.toJson(), false);
		}
		return editOriginal(event, message).thenApply((m) -> null);
	}

	/**
	 * Open a modal (type 9). Only as the first answer: it fails once the interaction was acknowledged.
	 * @param event the interaction (a command or a component)
	 * @param customId the modal's custom id, which comes back in the MODAL_SUBMIT interaction
	 * @param title the title
	 * @param components the modal's components, e.g. action rows each holding a text input
	 * @return completes when Discord has it
	 */
	public CompletableFuture<Void> modal(InteractionCreateEvent event, String customId, String title,
			List<?> components) {
		PendingInteraction p = pendingFor(event);
		if (p.claim(MODAL)) {
			return firstAnswer(p, MODAL, Map.of("custom_id", customId, "title", title, "components", components),
					false);
		}
		return tooLate(p, "a modal");
	}

	/**
	 * A text input for {@link #modal}: an action row holding one short (style 1) or paragraph (style 2) input.
	 * @param customId its custom id, the key of its value in the MODAL_SUBMIT
	 * @param label its label
	 * @param paragraph whether it takes several lines
	 * @return the action row's JSON object
	 */
	public static Map<String, Object> textInput(String customId, String label, boolean paragraph) {
		return Map.of("type", 1, "components",
				List.of(Map.of("type", 4, "custom_id", customId, "label", label, "style", paragraph ? 2 : 1)));
	}

	/**
	 * Answer an autocomplete interaction with suggestions (type 8, at most 25). Only as the first answer: it cannot
	 * be deferred, so the deadline guard leaves it alone, and a late answer fails.
	 * @param event the interaction (type APPLICATION_COMMAND_AUTOCOMPLETE)
	 * @param choices the suggestions
	 * @return completes when Discord has it
	 */
	public CompletableFuture<Void> autocomplete(InteractionCreateEvent event, List<AutocompleteChoice> choices) {
		PendingInteraction p = pendingFor(event);
		if (p.claim(APPLICATION_COMMAND_AUTOCOMPLETE_RESULT)) {
			List<Map<String, Object>> list = new ArrayList<>();
			for (AutocompleteChoice choice : choices) {
				list.add(Map.of("name", choice.name(), "value", choice.value()));
			}
			return firstAnswer(p, APPLICATION_COMMAND_AUTOCOMPLETE_RESULT, Map.of("choices", list), false);
		}
		return tooLate(p, "autocomplete results");
	}

	// ---- after the first answer --------------------------------------------------------------------------

	/**
	 * A follow-up message: {@code POST /webhooks/{application_id}/{token}}, sent once Discord has the first answer.
	 * After a "thinking…" defer the first follow-up replaces it.
	 * @param event the interaction
	 * @param message the message
	 * @return the message Discord created
	 */
	public CompletableFuture<Message> followUp(InteractionCreateEvent event, InteractionMessage message) {
		PendingInteraction p = pendingFor(event);
		return afterFirstAnswer(p, () -> webhook(p, HttpMethod.POST, null, message.toJson())
			.map((body) -> this.json.readValue(body, Message.class)));
	}

	/**
	 * Edit the first answer's message ({@code PATCH /webhooks/{application_id}/{token}/messages/@original}): the
	 * reply, the "thinking…" message, or after an update or a component defer the component's message.
	 * @param event the interaction
	 * @param message the new message
	 * @return the edited message
	 */
	public CompletableFuture<Message> editOriginal(InteractionCreateEvent event, InteractionMessage message) {
		PendingInteraction p = pendingFor(event);
		return afterFirstAnswer(p, () -> webhook(p, HttpMethod.PATCH, "@original", message.toJson())
			.map((body) -> this.json.readValue(body, Message.class)));
	}

	/**
	 * Delete the first answer's message ({@code DELETE /webhooks/{application_id}/{token}/messages/@original}).
	 * @param event the interaction
	 * @return completes when Discord deleted it
	 */
	public CompletableFuture<Void> deleteOriginal(InteractionCreateEvent event) {
		PendingInteraction p = pendingFor(event);
		return afterFirstAnswer(p, () -> webhook(p, HttpMethod.DELETE, "@original", null).then(Mono.<Void>empty()));
	}

	/**
	 * How the interaction came, and so how its first answer goes.
	 * @param event the interaction
	 * @return the transport
	 */
	public InteractionTransport transportOf(InteractionCreateEvent event) {
		return event.viaHttp() ? InteractionTransport.HTTP : InteractionTransport.GATEWAY;
	}

	/**
	 * Whether the interaction has had its first answer (from a listener or the deadline guard).
	 * @param event the interaction
	 * @return whether it is acknowledged or being acknowledged
	 */
	public boolean isAcknowledged(InteractionCreateEvent event) {
		PendingInteraction p = this.pending.get(idOf(event.interaction()));
		return p != null && p.firstAnswerType() != 0;
	}

	// ---- the deadline guard ------------------------------------------------------------------------------

	/**
	 * An interaction arrived: remember it and start its deadline. Called by the endpoint for HTTP interactions, and
	 * by the first listener for gateway ones.
	 */
	PendingInteraction register(InteractionCreateEvent event, InteractionTransport transport) {
		long id = idOf(event.interaction());
		PendingInteraction p = this.pending.computeIfAbsent(id,
				(key) -> new PendingInteraction(event, transport, budgetStart(event.interaction())));
		if (p.startTimers()) {
			long now = System.currentTimeMillis();
			if (this.autoDeferEnabled && deferType(p.interaction) != 0) {
				long delay = Math.max(0, p.startMillis + this.autoDefer.toMillis() - now);
				p.deadline(this.timer.schedule(() -> deadlineReached(p), delay, TimeUnit.MILLISECONDS));
			}
			if (transport == InteractionTransport.HTTP) {
				// Discord has given up on the HTTP response after 3 s: fail whoever waits for it
				this.timer.schedule(() -> expireHttp(p), Math.max(0, p.startMillis + ANSWER_WINDOW.toMillis() - now),
						TimeUnit.MILLISECONDS);
			}
			this.timer.schedule(() -> this.pending.remove(id, p),
					Math.max(0, p.startMillis + TOKEN_LIFETIME.toMillis() - now), TimeUnit.MILLISECONDS);
		}
		return p;
	}

	/** The listeners of an interaction start running on this thread. */
	void listenersStarted(InteractionCreateEvent event) {
		PendingInteraction p = register(event, transportOf(event));
		p.listenerThread = Thread.currentThread();
	}

	/** The listeners of an interaction returned. */
	void listenersReturned(InteractionCreateEvent event) {
		PendingInteraction p = this.pending.get(idOf(event.interaction()));
		if (p != null) {
			p.listenerThread = null;
		}
	}

	private void deadlineReached(PendingInteraction p) {
		int type = deferType(p.interaction);
		if (!p.claim(type)) {
			return;
		}
		Thread thread = p.listenerThread;
		String running = (thread != null) ? RunningListener.describe(thread) : null;
		logger.warn("Interaction " + p.interaction.id() + " (" + describe(p.interaction) + ", over "
				+ p.transport.name().toLowerCase(Locale.ROOT) + ") had no answer "
				+ this.autoDefer.toMillis() + " ms after its creation; deferred it automatically (type " + type
				+ ") before Discord's 3 s run out. "
				+ ((running != null) ? "Listener still running: " + running + ". "
						: "No listener is running for it (none answered). ")
				+ "Its later answers go out as follow-ups.");
		firstAnswer(p, type, deferData(type, this.autoDeferEphemeral), true);
	}

	private void expireHttp(PendingInteraction p) {
		InteractionResponseException ex = new InteractionResponseException("Interaction " + p.interaction.id()
				+ " was not answered within Discord's 3 seconds over HTTP", 0, 10062, null);
		if (p.httpAnswer.completeExceptionally(ex)) {
			p.acknowledged.completeExceptionally(ex);
		}
	}

	/**
	 * When Discord's 3 seconds started: the snowflake's time, unless the clocks disagree (an id from the future or
	 * more than 3 s old on arrival: a skewed clock or a synthetic id), then now.
	 */
	static long budgetStart(Interaction interaction) {
		long now = System.currentTimeMillis();
		if (interaction.id() == null) {
			return now;
		}
		long created = interaction.id().timestamp().toEpochMilli();
		return (created > now + 1000 || created < now - ANSWER_WINDOW.toMillis()) ? now : Math.min(created, now);
	}

	// ---- sending ------------------------------------------------------------------------------------------

	private CompletableFuture<Void> firstAnswer(PendingInteraction p, int type, @Nullable Map<String, Object> data,
			boolean automatic) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		if (data != null) {
			body.put("data", data);
		}
		this.metrics.answered(p.transport, Duration.ofMillis(System.currentTimeMillis() - p.startMillis), automatic);
		if (p.transport == InteractionTransport.HTTP) {
			if (!p.httpAnswer.complete(this.json.writeValueAsString(body))) {
				return CompletableFuture.failedFuture(new InteractionResponseException("Interaction "
						+ p.interaction.id() + " was not answered within Discord's 3 seconds over HTTP", 0, 10062, null));
			}
			return p.acknowledged.copy();
		}
		send(p, HttpMethod.POST, "/interactions/{id}/{token}/callback",
				List.of(p.interaction.id().asString(), p.interaction.token()), body, "callback type " + type)
			.subscribe(null, (ex) -> {
				p.acknowledged.completeExceptionally(ex);
				logger.warn(ex.getMessage());
			}, () -> p.acknowledged.complete(null));
		return p.acknowledged.copy();
	}

	private <T> CompletableFuture<T> afterFirstAnswer(PendingInteraction p,
			Supplier<Mono<T>> call) {
		// before any first answer (auto-defer off, nobody answered) the call goes out as the application asks
		CompletableFuture<Void> ready = (p.firstAnswerType() != 0) ? p.acknowledged
				: CompletableFuture.completedFuture(null);
		return ready.thenCompose((v) -> call.get().toFuture()).whenComplete((v, ex) -> {
			if (ex != null) {
				logger.warn(((ex.getCause() != null && ex instanceof CompletionException)
						? ex.getCause() : ex).getMessage());
			}
		});
	}

	private Mono<String> webhook(PendingInteraction p, HttpMethod method, @Nullable String messageId,
			@Nullable Map<String, Object> body) {
		String application = (p.interaction.applicationId() != null) ? p.interaction.applicationId().asString() : "0";
		if (messageId == null) {
			return send(p, method, "/webhooks/{application}/{token}", List.of(application, p.interaction.token()), body,
					"follow-up");
		}
		if (messageId.equals("@original")) {
			// literal in the template: as a URI variable the '@' would be percent-encoded
			return send(p, method, "/webhooks/{application}/{token}/messages/@original",
					List.of(application, p.interaction.token()), body, method.name() + " @original");
		}
		return send(p, method, "/webhooks/{application}/{token}/messages/{message}",
				List.of(application, p.interaction.token(), messageId), body, method.name() + " " + messageId);
	}

	private Mono<String> send(PendingInteraction p, HttpMethod method, String route, List<String> variables,
			@Nullable Map<String, Object> body, String what) {
		return send(p, method, route, variables, body, what, 0);
	}

	private Mono<String> send(PendingInteraction p, HttpMethod method, String route, List<String> variables,
			@Nullable Map<String, Object> body, String what, int attempt) {
		WebClient.RequestBodySpec request = this.client.method(method).uri(route, variables.toArray());
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue(this.json.writeValueAsString(body));
		}
		// never the URL in a message: it holds the interaction token
		String where = method.name() + " " + route.replace("{token}", "[token]") + " for interaction "
				+ p.interaction.id() + " (" + what + ")";
		return request.exchangeToMono((response) -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((text) -> new Reply(response.statusCode().value(),
					response.headers().asHttpHeaders().getFirst("Retry-After"), text)))
			.onErrorMap((ex) -> !(ex instanceof InteractionResponseException),
					(ex) -> new InteractionResponseException(where + " failed: " + ex.getClass().getSimpleName(), 0, 0,
							null))
			.flatMap((reply) -> {
				if (reply.status >= 200 && reply.status < 300) {
					return Mono.just(reply.body);
				}
				JsonNode error = parse(reply.body);
				if (reply.status == 429 && attempt < MAX_RETRIES) {
					Duration wait = retryAfter(error, reply.retryAfterHeader);
					logger.info(where + ": rate limited, trying again in " + wait.toMillis() + " ms");
					return Mono.delay(wait).then(send(p, method, route, variables, body, what, attempt + 1));
				}
				int code = (error != null) ? error.path("code").asInt(0) : 0;
				String message = (error != null) ? error.path("message").asString("") : "";
				return Mono.error(new InteractionResponseException(where + " refused: HTTP " + reply.status
						+ ((code != 0) ? ", code " + code : "") + (message.isEmpty() ? "" : ": " + message)
						+ hint(code), reply.status, code, null));
			});
	}

	private static String hint(int code) {
		return switch (code) {
			case 10062 -> " (the first answer came after Discord's 3 seconds)";
			case 40060 -> " (the interaction already had its first answer)";
			case 10015, 50027 -> " (unknown or expired interaction token: follow-ups work for 15 minutes)";
			default -> "";
		};
	}

	private static Duration retryAfter(@Nullable JsonNode error, @Nullable String header) {
		double seconds = 1;
		if (error != null && error.path("retry_after").isNumber()) {
			seconds = error.path("retry_after").asDouble();
		}
		else if (header != null) {
			try {
				seconds = Double.parseDouble(header);
			}
			catch (NumberFormatException ex) {
				// keep the default
			}
		}
		return Duration.ofMillis((long) Math.ceil(Math.max(0, Math.min(seconds, 60)) * 1000));
	}

	private @Nullable JsonNode parse(String body) {
		try {
			return body.isEmpty() ? null : this.json.readTree(body);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	// ---- helpers ------------------------------------------------------------------------------------------

	private PendingInteraction pendingFor(InteractionCreateEvent event) {
		PendingInteraction p = this.pending.get(idOf(event.interaction()));
		return (p != null) ? p : register(event, transportOf(event));
	}

	private static long idOf(Interaction interaction) {
		if (interaction == null || interaction.id() == null || interaction.token() == null) {
			throw new IllegalArgumentException("Not an answerable interaction (no id or token)");
		}
		return interaction.id().value();
	}

	/** The defer that fits: 6 for a component (no loading state), 5 otherwise; 0 when it cannot be deferred. */
	private static int deferType(Interaction interaction) {
		InteractionType type = interaction.type();
		if (InteractionType.MESSAGE_COMPONENT.equals(type)) {
			return DEFERRED_UPDATE_MESSAGE;
		}
		if (InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE.equals(type) || InteractionType.PING.equals(type)) {
			return 0;
		}
		return DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE;
	}

	private static @Nullable Map<String, Object> deferData(int type, boolean ephemeral) {
		return (ephemeral && type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE) ? Map.of("flags", InteractionMessage.EPHEMERAL)
				: null;
	}

	private <T> CompletableFuture<T> tooLate(PendingInteraction p, String what) {
		InteractionResponseException ex = new InteractionResponseException("Cannot answer interaction "
				+ p.interaction.id() + " with " + what + ": it already had its first answer (type "
				+ p.firstAnswerType() + "), perhaps the automatic defer after " + this.autoDefer.toMillis()
				+ " ms; " + what + " must be the first answer, within Discord's 3 seconds", 0, 40060, null);
		logger.warn(ex.getMessage());
		return CompletableFuture.failedFuture(ex);
	}

	static String describe(Interaction interaction) {
		String name = (interaction.data() != null) ? interaction.data().name() : null;
		String customId = (interaction.data() != null) ? interaction.data().customId() : null;
		return String.valueOf(interaction.type()) + ((name != null) ? " /" + name : "")
				+ ((customId != null) ? " " + customId : "");
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	private record Reply(int status, @Nullable String retryAfterHeader, String body) {

	}

}
