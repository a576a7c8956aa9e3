/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of everything clients did against a {@link GatewaySimulator}. Obtained from
 * {@link GatewaySimulator#log()} and served as JSON at {@code GET /control/log}.
 *
 * @param connections every gateway connection, in the order they were opened
 * @param identifies every IDENTIFY across all connections, in arrival order
 * @param resumes every RESUME across all connections, in arrival order
 * @param violations every rule a client broke, across all connections
 * @param restCalls every REST call (including unknown routes and control calls are not included)
 * @param sentMessages every message the bot posted through {@code POST /channels/{id}/messages}
 * @param interactionCallbacks every first answer to an interaction: {@code POST /interactions/{id}/{token}/callback}
 * and the HTTP responses of a bot's interactions endpoint
 * @param webhookCalls every interaction follow-up and edit: {@code /webhooks/{application_id}/{token}...}
 */
public record SimulatorLog(List<Connection> connections, List<Identify> identifies, List<Resume> resumes,
		List<Violation> violations, List<RestCall> restCalls, List<SentMessage> sentMessages,
		List<InteractionCallback> interactionCallbacks, List<WebhookCall> webhookCalls) {

	/**
	 * One gateway connection.
	 * @param id connection id (1-based, in opening order)
	 * @param port the local port the client connected to
	 * @param url the URL the client used (scheme, host, port, path and query)
	 * @param query the raw query string
	 * @param resumeUrl whether the connection came in on the resume gateway port
	 * @param compress the transport compression in use ({@code none}, {@code zlib-stream}, {@code zstd-stream})
	 * @param openedAt when the socket was accepted
	 * @param shard the shard id of the session bound to this connection, or {@code null}
	 * @param sessionId the session bound to this connection, or {@code null}
	 * @param identify the IDENTIFY sent on this connection, or {@code null}
	 * @param resume the RESUME sent on this connection, or {@code null}
	 * @param heartbeats every heartbeat the client sent
	 * @param commands every payload the client sent, in order
	 * @param close how the connection ended, or {@code null} while open
	 * @param violations rules the client broke on this connection
	 * @param framesSent number of gateway messages the simulator sent on this connection
	 * @param open whether the connection is still open
	 */
	public record Connection(int id, int port, String url, String query, boolean resumeUrl, String compress,
			Instant openedAt, Integer shard, String sessionId, Identify identify, Resume resume,
			List<Heartbeat> heartbeats, List<Command> commands, Close close, List<Violation> violations,
			long framesSent, boolean open) {
	}

	/**
	 * An IDENTIFY. The token is masked.
	 * @param connectionId the connection it arrived on
	 * @param time arrival time
	 * @param shardId the shard id sent (0 when {@code shard} was omitted)
	 * @param shardCount the shard count sent (1 when omitted)
	 * @param intents the intents sent
	 * @param token the masked token ("[redacted]" when valid, "[invalid]" otherwise)
	 * @param outcome what the simulator did: {@code READY}, {@code INVALID_SESSION} or {@code CLOSE <code>}
	 * @param sessionId the new session id when the outcome is READY
	 * @param payload the full IDENTIFY {@code d} with the token masked, as JSON
	 */
	public record Identify(int connectionId, Instant time, int shardId, int shardCount, long intents, String token,
			String outcome, String sessionId, String payload) {
	}

	/**
	 * A RESUME.
	 * @param connectionId the connection it arrived on
	 * @param time arrival time
	 * @param sessionId the session id sent
	 * @param seq the seq sent
	 * @param resumeUrl whether it arrived on the resume gateway port (as told in READY)
	 * @param outcome {@code RESUMED}, {@code INVALID_SESSION} or {@code CLOSE <code>}
	 * @param replayed the number of dispatches replayed
	 */
	public record Resume(int connectionId, Instant time, String sessionId, Long seq, boolean resumeUrl,
			String outcome, int replayed) {
	}

	/**
	 * A heartbeat the client sent.
	 * @param time arrival time
	 * @param d the {@code d} it carried ({@code null} when null)
	 * @param acked whether the simulator answered it with op 11
	 * @param requested whether it answered a server op 1 request that was pending
	 */
	public record Heartbeat(Instant time, Long d, boolean acked, boolean requested) {
	}

	/**
	 * A payload the client sent.
	 * @param time arrival time
	 * @param op the opcode ({@code -1} when the payload could not be parsed)
	 * @param d the {@code d} as JSON (tokens masked), truncated to 2000 characters
	 */
	public record Command(Instant time, int op, String d) {
	}

	/**
	 * How a connection ended.
	 * @param time when
	 * @param code the close code ({@code null} for an abrupt drop without a close frame)
	 * @param reason the reason text
	 * @param by {@code client}, {@code server} or {@code drop} (TCP closed without a close frame)
	 */
	public record Close(Instant time, Integer code, String reason, String by) {
	}

	/**
	 * A rule the client broke.
	 * @param connectionId the connection, or {@code 0} for REST
	 * @param time when
	 * @param rule a short rule name, e.g. {@code identify bucket breach}, {@code 4008}
	 * @param detail details
	 */
	public record Violation(int connectionId, Instant time, String rule, String detail) {
	}

	/**
	 * A REST call.
	 * @param time when
	 * @param method HTTP method
	 * @param path the path with query
	 * @param status the status answered
	 * @param authorized whether a valid {@code Authorization: Bot <token>} header was present
	 * @param body the request body (truncated to 4000 characters)
	 */
	public record RestCall(Instant time, String method, String path, int status, boolean authorized, String body) {
	}

	/**
	 * A message posted by the bot.
	 * @param time when
	 * @param channelId target channel
	 * @param guildId guild of the channel, or {@code null}
	 * @param messageId the id the simulator gave the message
	 * @param content the content
	 * @param body the full request body
	 */
	public record SentMessage(Instant time, String channelId, String guildId, String messageId, String content,
			String body) {
	}

	/**
	 * An interaction response: the first answer, over the callback route or as the HTTP response of the bot's
	 * interactions endpoint.
	 * @param time when
	 * @param interactionId the interaction id
	 * @param interactionToken the interaction token
	 * @param type the callback type, or {@code -1}
	 * @param body the full answer body
	 * @param via {@code callback} ({@code POST /interactions/{id}/{token}/callback}) or {@code http} (the response
	 * to a {@link GatewaySimulator#postInteraction signed POST})
	 * @param status what the simulator made of it: 204 (callback accepted) or 200 (HTTP answer accepted), 404 when
	 * it came after Discord's 3 seconds, 400 when the interaction was already acknowledged, or a failure the test
	 * injected
	 */
	public record InteractionCallback(Instant time, String interactionId, String interactionToken, int type,
			String body, String via, int status) {

		/** Whether Discord would have taken this answer. */
		public boolean accepted() {
			return this.status == 200 || this.status == 204;
		}

	}

	/**
	 * A call to an interaction's webhook: a follow-up message, or reading, editing or deleting one of its messages.
	 * @param time when
	 * @param method {@code POST} (follow-up), {@code GET}, {@code PATCH} or {@code DELETE}
	 * @param applicationId the application id from the path
	 * @param interactionToken the interaction token from the path
	 * @param messageId {@code @original}, a message id, or {@code null} for a follow-up
	 * @param status the status answered
	 * @param body the request body ({@code ""} when none)
	 */
	public record WebhookCall(Instant time, String method, String applicationId, String interactionToken,
			String messageId, int status, String body) {

		/** Whether this created a follow-up message. */
		public boolean isFollowUp() {
			return this.method.equals("POST") && this.messageId == null;
		}

		/** Whether this edited the first answer ({@code PATCH .../messages/@original}). */
		public boolean isEditOriginal() {
			return this.method.equals("PATCH") && "@original".equals(this.messageId);
		}

	}

	/**
	 * A dispatch the simulator sent (or buffered) for a session.
	 * @param sessionId the session
	 * @param shardId its shard id
	 * @param seq its sequence number
	 * @param type the event name
	 */
	public record Dispatch(String sessionId, int shardId, long seq, String type) {
	}

}
