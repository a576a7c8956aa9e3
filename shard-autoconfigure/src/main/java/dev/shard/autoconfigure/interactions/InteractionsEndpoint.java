package dev.shard.autoconfigure.interactions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.event.EventBinder;
import dev.shard.event.GatewayEvent;
import dev.shard.event.InteractionCreateEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The HTTP interactions endpoint: Discord POSTs each interaction here (the application's "Interactions Endpoint URL")
 * instead of sending it over the gateway. A request whose signature does not check out gets 401 and publishes
 * nothing; a PING gets PONG. Any other interaction is published as the same {@link InteractionCreateEvent} the
 * gateway gives (with {@link InteractionCreateEvent#HTTP_SHARD_ID} as its shard), on a worker thread, and the request
 * is held until a listener gives the first answer through {@link Interactions}, which becomes the response body, or
 * until the deadline guard defers it.
 *
 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding#receiving-an-interaction">Receiving
 * an Interaction</a>
 */
final class InteractionsEndpoint {

	private static final Log logger = LogFactory.getLog(InteractionsEndpoint.class);

	private static final byte[] PONG = "{\"type\":1}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] FRAME_START = "{\"op\":0,\"s\":0,\"t\":\"INTERACTION_CREATE\",\"d\":"
		.getBytes(StandardCharsets.UTF_8);

	private final Interactions interactions;

	private final DiscordEventBridge bridge;

	private final InteractionSignatureVerifier verifier;

	private final EventBinder binder;

	private final Scheduler listeners;

	InteractionsEndpoint(Interactions interactions, DiscordEventBridge bridge, InteractionSignatureVerifier verifier,
			EventBinder binder, Scheduler listeners) {
		this.interactions = interactions;
		this.bridge = bridge;
		this.verifier = verifier;
		this.binder = binder;
		this.listeners = listeners;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		String signature = request.headers().firstHeader("X-Signature-Ed25519");
		String timestamp = request.headers().firstHeader("X-Signature-Timestamp");
		return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap((body) -> {
			if (!this.verifier.verify(signature, timestamp, body)) {
				return ServerResponse.status(HttpStatus.UNAUTHORIZED).bodyValue("invalid request signature");
			}
			JsonNode node;
			try {
				node = this.binder.mapper().readTree(body);
			}
			catch (RuntimeException ex) {
				return ServerResponse.badRequest().build();
			}
			if (node.path("type").asInt(0) == 1) {
				return json(PONG, null);
			}
			InteractionCreateEvent event = bind(body);
			if (event == null) {
				return ServerResponse.badRequest().build();
			}
			PendingInteraction pending = this.interactions.register(event, InteractionTransport.HTTP);
			this.listeners.schedule(() -> publish(event));
			return Mono.fromFuture(pending.httpAnswer.copy())
				.flatMap((answer) -> json(answer.getBytes(StandardCharsets.UTF_8), pending))
				.onErrorResume((ex) -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build());
		});
	}

	private @Nullable InteractionCreateEvent bind(byte[] body) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(FRAME_START.length + body.length + 1);
		frame.writeBytes(FRAME_START);
		frame.writeBytes(body);
		frame.write('}');
		try {
			GatewayEvent event = this.binder.bind(InteractionCreateEvent.HTTP_SHARD_ID, 0, InteractionCreateEvent.TYPE,
					frame.toByteArray());
			if (event instanceof InteractionCreateEvent interaction && interaction.interaction() != null
					&& interaction.interaction().id() != null && interaction.interaction().token() != null) {
				return interaction;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not bind an interaction received over HTTP: " + ex.getClass().getSimpleName());
		}
		return null;
	}

	private void publish(InteractionCreateEvent event) {
		if (!this.bridge.wants(InteractionCreateEvent.TYPE)) {
			// the shards have not started (or are off): nobody has read the listeners yet
			this.bridge.refreshListeners();
		}
		try {
			this.bridge.publishInteraction(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Publishing interaction " + event.interaction().id() + " failed", ex);
		}
	}

	/** The answer as JSON; Discord has it once it is written, which is when follow-ups may go. */
	private Mono<ServerResponse> json(byte[] json, @Nullable PendingInteraction pending) {
		BodyInserter<byte[], ReactiveHttpOutputMessage> inserter = (message, context) -> message
			.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(json)))
			.doOnSuccess((done) -> {
				if (pending != null) {
					pending.acknowledged.complete(null);
				}
			})
			.doOnError((ex) -> {
				if (pending != null) {
					pending.acknowledged.completeExceptionally(new InteractionResponseException("The HTTP answer to interaction "
							+ pending.interaction.id() + " could not be written: " + ex.getClass().getSimpleName(), 0, 0,
							null));
				}
			});
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(inserter);
	}

}
