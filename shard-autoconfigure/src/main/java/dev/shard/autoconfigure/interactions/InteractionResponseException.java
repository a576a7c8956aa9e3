package dev.shard.autoconfigure.interactions;

import org.jspecify.annotations.Nullable;

/**
 * Discord refused an interaction answer, follow-up or edit, or it could not be sent. The message names the route
 * with the interaction token masked, Discord's status and error code.
 */
public class InteractionResponseException extends RuntimeException {

	private final int status;

	private final int code;

	/**
	 * Create a new instance.
	 * @param message the description (never holding a token)
	 * @param status the HTTP status, or 0 when none came back
	 * @param code Discord's JSON error code, or 0
	 * @param cause the cause, or {@code null}
	 */
	public InteractionResponseException(String message, int status, int code, @Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.code = code;
	}

	/** The HTTP status Discord answered, or 0 when none came back. */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Discord's JSON error code, e.g. 10062 (unknown interaction: answered after 3 seconds) or 40060 (already
	 * acknowledged), or 0.
	 */
	public int getCode() {
		return this.code;
	}

}
