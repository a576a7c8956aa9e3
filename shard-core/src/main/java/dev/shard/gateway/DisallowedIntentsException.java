package dev.shard.gateway;

/**
 * Close code 4014: a privileged intent (GUILD_MEMBERS, GUILD_PRESENCES or MESSAGE_CONTENT) is not enabled for this application; enable it in the Developer Portal or remove it.
 */
public class DisallowedIntentsException extends FatalCloseException {

	public DisallowedIntentsException(int closeCode, String reason) {
		super(closeCode, reason, "a privileged intent (GUILD_MEMBERS, GUILD_PRESENCES or MESSAGE_CONTENT) is not enabled for this application; enable it in the Developer Portal or remove it");
	}

}
