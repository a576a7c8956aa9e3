package dev.shard.gateway;

import java.time.Duration;

/**
 * Not every GUILD_MEMBERS_CHUNK of a Request Guild Members arrived in time (for example the nonce was dropped, the
 * connection was replaced, or the request was silently refused).
 */
public class MemberRequestTimeoutException extends GatewayException {

	private final int chunksReceived;

	private final int chunkCount;

	public MemberRequestTimeoutException(long guildId, Duration timeout, int chunksReceived, int chunkCount) {
		super("Request Guild Members for guild " + Long.toUnsignedString(guildId) + " timed out after "
				+ timeout.toMillis() + " ms with " + chunksReceived + " of "
				+ ((chunkCount > 0) ? Integer.toString(chunkCount) : "?") + " chunk(s) received");
		this.chunksReceived = chunksReceived;
		this.chunkCount = chunkCount;
	}

	public int chunksReceived() {
		return this.chunksReceived;
	}

	/** The announced chunk count, or 0 when no chunk arrived. */
	public int chunkCount() {
		return this.chunkCount;
	}

}
