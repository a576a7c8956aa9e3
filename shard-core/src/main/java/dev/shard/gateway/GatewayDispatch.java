package dev.shard.gateway;

import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One dispatch as received, before any binding: later layers bind {@code d} lazily, only if somebody listens.
 *
 * @param shardId the shard that received it
 * @param sequence its sequence number {@code s}
 * @param type its event name {@code t}; undocumented types arrive here too
 * @param frame the whole inflated UTF-8 JSON envelope ({@code {"op":0,"t":..,"s":..,"d":..}}, any key order)
 * @param receivedNanos {@link System#nanoTime()} when the frame was decoded (for dispatch lag)
 */
public record GatewayDispatch(int shardId, long sequence, String type, byte[] frame, long receivedNanos) {

	private static final JsonFactory FACTORY = new JsonFactory();

	/**
	 * A parser over {@link #frame()} positioned on the first token of the value of {@code d}.
	 * @param context the read context (e.g. a {@code JsonMapper}, so that {@code readValueAs} works)
	 * @return the parser; the caller closes it
	 */
	public JsonParser dataParser(ObjectReadContext context) {
		JsonParser parser = FACTORY.createParser(context, this.frame);
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			parser.close();
			throw new IllegalStateException("Dispatch frame is not a JSON object");
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			if ("d".equals(name)) {
				return parser;
			}
			parser.skipChildren();
		}
		parser.close();
		throw new IllegalStateException("Dispatch frame has no d");
	}

	/** The frame as a string (for logging and raw listeners). */
	public String json() {
		return new String(this.frame, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof GatewayDispatch other && this.shardId == other.shardId && this.sequence == other.sequence
				&& this.type.equals(other.type) && Arrays.equals(this.frame, other.frame);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.shardId + Long.hashCode(this.sequence)) + this.type.hashCode();
	}

	@Override
	public String toString() {
		return "GatewayDispatch[shard=" + this.shardId + ", s=" + this.sequence + ", t=" + this.type + ", "
				+ this.frame.length + " bytes]";
	}

}
