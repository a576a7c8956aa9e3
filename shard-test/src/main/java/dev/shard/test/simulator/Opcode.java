/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

/**
 * The gateway opcodes the simulator sends or answers. The simulator has its own type, not the client's: it plays
 * Discord's side and depends on no Shard module. See
 * <a href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes">Gateway
 * Opcodes</a>.
 */
enum Opcode {

	DISPATCH(0),

	HEARTBEAT(1),

	IDENTIFY(2),

	PRESENCE_UPDATE(3),

	VOICE_STATE_UPDATE(4),

	RESUME(6),

	RECONNECT(7),

	REQUEST_GUILD_MEMBERS(8),

	INVALID_SESSION(9),

	HELLO(10),

	HEARTBEAT_ACK(11),

	REQUEST_SOUNDBOARD_SOUNDS(31),

	REQUEST_CHANNEL_INFO(43);

	private static final Opcode[] BY_CODE = new Opcode[44];

	static {
		for (Opcode op : values()) {
			BY_CODE[op.code] = op;
		}
	}

	/** The code on the wire. */
	final int code;

	Opcode(int code) {
		this.code = code;
	}

	/**
	 * A gateway message of this opcode without sequence and event name, in Discord's key order.
	 * @param d the JSON of {@code d}
	 * @return {@code {"t":null,"s":null,"op":<code>,"d":<d>}}
	 */
	String message(String d) {
		return "{\"t\":null,\"s\":null,\"op\":" + this.code + ",\"d\":" + d + "}";
	}

	/**
	 * The opcode of a code on the wire.
	 * @param code the code ({@code -1} when the message had none)
	 * @return the opcode, or {@code null} for a code the gateway does not know
	 */
	static Opcode of(int code) {
		return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
	}

}
