package dev.shard.autoconfigure.observation;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Observations of Discord listener calls and connection attempts.
 *
 * @param listeners One observation per listener call ({@code discord.event.listener}).
 */
@ConfigurationProperties("discord.observations")
public record DiscordObservationProperties(@DefaultValue Listeners listeners) {

	/**
	 * Observations of listener calls.
	 *
	 * @param enabled Whether to observe every call of a listener of Discord events. Default: when a Micrometer
	 * Tracing tracer exists (a span per handled event, the parent of what the listener calls), otherwise not: with
	 * only meters each call would cost a timer sample (about a microsecond and 2.5 KB of garbage on every event).
	 */
	public record Listeners(@Nullable Boolean enabled) {

	}

}
