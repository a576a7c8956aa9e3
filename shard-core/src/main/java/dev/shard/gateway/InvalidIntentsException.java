package dev.shard.gateway;

/**
 * Close code 4013: the intents bitfield is invalid.
 */
public class InvalidIntentsException extends FatalCloseException {

	public InvalidIntentsException(int closeCode, String reason) {
		super(closeCode, reason, "the intents bitfield is invalid");
	}

}
