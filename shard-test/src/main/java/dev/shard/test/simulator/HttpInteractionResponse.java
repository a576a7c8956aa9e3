/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;

/**
 * What a bot's interactions endpoint answered to a signed POST from {@link GatewaySimulator#postInteraction}.
 *
 * @param status the HTTP status, or {@code 0} when the endpoint did not answer within Discord's 3 seconds (or
 * could not be reached)
 * @param body the response body ({@code ""} when none)
 * @param elapsed from sending the request to the end of the response
 */
public record HttpInteractionResponse(int status, String body, Duration elapsed) {

	/** Whether the endpoint answered in time with 2xx. */
	public boolean answered() {
		return this.status >= 200 && this.status < 300;
	}

}
