/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

/**
 * An interaction the simulator created (a user ran a slash command, clicked a button, submitted a modal, typed
 * into an autocompleted option), ready to be delivered over the gateway
 * ({@link GatewaySimulator#dispatchInteraction}) or as a signed HTTP POST
 * ({@link GatewaySimulator#postInteraction}). Its id is a fresh snowflake: the 3-second budget starts when it is
 * created. The token is masked in {@link #toString()}.
 *
 * @param id the interaction id (a snowflake whose time is when it was created)
 * @param applicationId the application id
 * @param token the interaction token (a credential on Discord)
 * @param type the interaction type (1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE, 5 MODAL_SUBMIT)
 * @param guildId the guild it happened in, or {@code null}
 * @param json the interaction object, as Discord sends it
 */
public record SimulatedInteraction(String id, String applicationId, String token, int type, String guildId,
		String json) {

	@Override
	public String toString() {
		return "SimulatedInteraction[id=" + this.id + ", type=" + this.type + ", guildId=" + this.guildId
				+ ", token=[redacted]]";
	}

	/**
	 * How {@link GatewaySimulator#postInteraction} signs the request. Discord signs every POST with
	 * {@code X-Signature-Ed25519} over {@code X-Signature-Timestamp + body}, and deliberately sends badly signed ones
	 * to check that the endpoint refuses them.
	 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding#security-and-authorization">Security
	 * and Authorization</a>
	 */
	public enum Signing {

		/** Signed with the simulator's key, timestamp now. */
		VALID,

		/** Signed with another key pair than the one whose public key the bot was given. */
		WRONG_KEY,

		/** A valid signature of the body as created, but the body sent differs by one byte. */
		TAMPERED_BODY,

		/** Correctly signed, but the timestamp is ten minutes old (a replayed request). */
		STALE_TIMESTAMP,

		/** No signature headers at all. */
		MISSING

	}

}
