package dev.shard.sample;

import java.util.Map;

import dev.shard.autoconfigure.DiscordConnectionDetails;
import dev.shard.model.Snowflake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * The REST call of the {@code !ping} listener (profile {@code message-content}), made with WebClient; interactions
 * are answered through the starter's {@code Interactions} instead. The starter is a gateway client, not a REST library:
 * a real bot would use one (and respect Discord's REST rate limits, which this class does not).
 * <p>
 * The base URL and token come from the same {@link DiscordConnectionDetails} the gateway uses, so the bot answers
 * on whatever server it is connected to (Discord, or the simulator).
 */
@Component
@Profile("message-content")
public class DiscordRest {

	private static final Logger logger = LoggerFactory.getLogger(DiscordRest.class);

	private final WebClient client;

	public DiscordRest(WebClient.Builder builder, DiscordConnectionDetails connection) {
		String token = connection.token();
		this.client = builder.baseUrl(connection.apiBaseUrl().toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, token.startsWith("Bot ") ? token : "Bot " + token)
			.build();
	}

	/**
	 * {@code POST /channels/{id}/messages}.
	 * @param channelId the channel
	 * @param content the message text
	 * @return completes when Discord accepted the message
	 */
	public Mono<Void> createMessage(Snowflake channelId, String content) {
		return this.client.post()
			.uri("/channels/{id}/messages", channelId.asString())
			.bodyValue(Map.of("content", content))
			.retrieve()
			.toBodilessEntity()
			.then()
			.doOnError((ex) -> logger.warn("Could not send a message to channel {}: {}", channelId, describe(ex)));
	}

	// The exception message holds the URL.
	private static String describe(Throwable ex) {
		if (ex instanceof WebClientResponseException response) {
			return "HTTP " + response.getStatusCode().value();
		}
		return ex.getClass().getSimpleName();
	}

}
