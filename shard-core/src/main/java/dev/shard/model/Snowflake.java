package dev.shard.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A Discord id: an unsigned 64-bit integer, sent as a JSON string (or a number, e.g. in some
 * old or re-encoded payloads). Always written as a string.
 *
 * @param value the id as a (possibly negative when above {@link Long#MAX_VALUE}) signed long
 */
@JsonDeserialize(using = Snowflake.Deserializer.class)
public record Snowflake(long value) implements Comparable<Snowflake> {

	/** Discord's epoch (2015-01-01T00:00:00Z) in unix milliseconds. */
	public static final long DISCORD_EPOCH = 1420070400000L;

	/**
	 * Parse an unsigned decimal id.
	 * @param id the id
	 * @return the snowflake
	 * @throws NumberFormatException if {@code id} is not an unsigned 64-bit decimal
	 */
	public static Snowflake of(String id) {
		return new Snowflake(Long.parseUnsignedLong(id));
	}

	/**
	 * Wrap a raw id.
	 * @param id the id
	 * @return the snowflake
	 */
	public static Snowflake of(long id) {
		return new Snowflake(id);
	}

	/**
	 * The creation time encoded in the id.
	 * @return the timestamp
	 */
	public Instant timestamp() {
		return Instant.ofEpochMilli((this.value >>> 22) + DISCORD_EPOCH);
	}

	/**
	 * The id as an unsigned decimal string (its JSON form).
	 * @return the string form
	 */
	@JsonValue
	public String asString() {
		return Long.toUnsignedString(this.value);
	}

	@Override
	public int compareTo(Snowflake other) {
		return Long.compareUnsigned(this.value, other.value);
	}

	@Override
	public String toString() {
		return asString();
	}

	/**
	 * Reads a string or an integer without building intermediate objects.
	 */
	static final class Deserializer extends ValueDeserializer<Snowflake> {

		@Override
		public Snowflake deserialize(JsonParser p, DeserializationContext ctxt) {
			JsonToken token = p.currentToken();
			if (token == JsonToken.VALUE_STRING) {
				// ids are 1-20 plain digits: parsed in place, no String (every record has a few)
				long id = digits(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
				if (id != -1) {
					return new Snowflake(id);
				}
				String text = p.getString();
				try {
					return new Snowflake(Long.parseUnsignedLong(text.trim()));
				}
				catch (NumberFormatException ex) {
					return (Snowflake) ctxt.handleWeirdStringValue(Snowflake.class, text, "not an unsigned 64-bit id");
				}
			}
			if (token == JsonToken.VALUE_NUMBER_INT) {
				if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
					return new Snowflake(p.getBigIntegerValue().longValue());
				}
				return new Snowflake(p.getLongValue());
			}
			return (Snowflake) ctxt.handleUnexpectedToken(Snowflake.class, p);
		}

		/**
		 * The value of 1-19 ASCII digits up to {@code Long.MAX_VALUE}, or -1 for anything else (spaces, signs,
		 * larger unsigned values), which the caller leaves to {@link Long#parseUnsignedLong}.
		 */
		static long digits(char[] chars, int offset, int length) {
			if (length < 1 || length > 19) {
				return -1;
			}
			long value = 0;
			for (int i = offset, end = offset + length; i < end; i++) {
				int digit = chars[i] - '0';
				if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
					return -1;
				}
				value = value * 10 + digit;
			}
			return value;
		}

	}

}
