package dev.shard.gateway;

/**
 * Gateway opcodes as data: the code on the wire and who may send it. See
 * <a href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes">Gateway
 * Opcodes</a>.
 */
public enum Opcode {

	DISPATCH(0, Direction.RECEIVE),
	HEARTBEAT(1, Direction.BOTH),
	IDENTIFY(2, Direction.SEND),
	PRESENCE_UPDATE(3, Direction.SEND),
	VOICE_STATE_UPDATE(4, Direction.SEND),
	RESUME(6, Direction.SEND),
	RECONNECT(7, Direction.RECEIVE),
	REQUEST_GUILD_MEMBERS(8, Direction.SEND),
	INVALID_SESSION(9, Direction.RECEIVE),
	HELLO(10, Direction.RECEIVE),
	HEARTBEAT_ACK(11, Direction.RECEIVE),
	REQUEST_SOUNDBOARD_SOUNDS(31, Direction.SEND),
	REQUEST_CHANNEL_INFO(43, Direction.SEND);

	/** Who sends an opcode. */
	public enum Direction {

		/** Only the gateway sends it. */
		RECEIVE,

		/** Only the client sends it. */
		SEND,

		/** Either side (op 1: the gateway may ask for an immediate heartbeat). */
		BOTH

	}

	private static final Opcode[] BY_CODE = new Opcode[44];

	static {
		for (Opcode op : values()) {
			BY_CODE[op.code] = op;
		}
	}

	private final int code;

	private final Direction direction;

	Opcode(int code, Direction direction) {
		this.code = code;
		this.direction = direction;
	}

	/** The code on the wire. */
	public int code() {
		return this.code;
	}

	/** Who sends it. */
	public Direction direction() {
		return this.direction;
	}

	/** Whether only the gateway sends it: a client sending it is an error. */
	public boolean receiveOnly() {
		return this.direction == Direction.RECEIVE;
	}

	/**
	 * The constant for a code on the wire.
	 * @param code the code
	 * @return the opcode, or {@code null} for a code this client does not know
	 */
	public static Opcode of(int code) {
		return (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
	}

}
