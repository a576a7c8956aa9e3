package dev.shard.gateway;

/**
 * A {@link SessionStore} could not read or write a shard's session, e.g. a corrupt file or row. The shard then
 * identifies instead of resuming; nothing else is affected.
 */
public class SessionStoreException extends GatewayException {

	public SessionStoreException(String message) {
		super(message);
	}

	public SessionStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
