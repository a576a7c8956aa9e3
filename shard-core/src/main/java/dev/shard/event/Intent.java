package dev.shard.event;

/**
 * Gateway intents (see <a href="https://discord.com/developers/docs/events/gateway#gateway-intents">Gateway
 * Intents</a>): bit position and whether the intent is privileged (must be switched on in the
 * Developer Portal, otherwise the gateway closes with 4014).
 */
public enum Intent {

	/** Guilds, channels, threads, roles, stage instances. */
	GUILDS(0, false),
	/** Member add/update/remove (privileged). */
	GUILD_MEMBERS(1, true),
	/** Bans and audit log entries (old name GUILD_BANS). */
	GUILD_MODERATION(2, false),
	/** Emojis, stickers, soundboard sounds (old name GUILD_EMOJIS_AND_STICKERS). */
	GUILD_EXPRESSIONS(3, false),
	/** Integrations. */
	GUILD_INTEGRATIONS(4, false),
	/** Webhooks. */
	GUILD_WEBHOOKS(5, false),
	/** Invites. */
	GUILD_INVITES(6, false),
	/** Voice states and voice channel effects. */
	GUILD_VOICE_STATES(7, false),
	/** Presences (privileged). */
	GUILD_PRESENCES(8, true),
	/** Guild messages. */
	GUILD_MESSAGES(9, false),
	/** Guild message reactions. */
	GUILD_MESSAGE_REACTIONS(10, false),
	/** Guild typing. */
	GUILD_MESSAGE_TYPING(11, false),
	/** Direct messages. */
	DIRECT_MESSAGES(12, false),
	/** Direct message reactions. */
	DIRECT_MESSAGE_REACTIONS(13, false),
	/** Direct message typing. */
	DIRECT_MESSAGE_TYPING(14, false),
	/** Message content (privileged); gates no event of its own. */
	MESSAGE_CONTENT(15, true),
	/** Scheduled events. */
	GUILD_SCHEDULED_EVENTS(16, false),
	/** Auto-moderation rules. */
	AUTO_MODERATION_CONFIGURATION(20, false),
	/** Auto-moderation action executions. */
	AUTO_MODERATION_EXECUTION(21, false),
	/** Poll votes in guilds. */
	GUILD_MESSAGE_POLLS(24, false),
	/** Poll votes in DMs. */
	DIRECT_MESSAGE_POLLS(25, false);

	private final int bit;

	private final boolean privileged;

	Intent(int bit, boolean privileged) {
		this.bit = bit;
		this.privileged = privileged;
	}

	/**
	 * The bit position.
	 * @return the bit
	 */
	public int bit() {
		return this.bit;
	}

	/**
	 * The value in the IDENTIFY bitfield.
	 * @return {@code 1 << bit}
	 */
	public long value() {
		return 1L << this.bit;
	}

	/**
	 * Whether the intent is privileged.
	 * @return {@code true} if privileged
	 */
	public boolean isPrivileged() {
		return this.privileged;
	}

}
