package dev.shard.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Discord's timestamps ({@code 2024-01-01T12:34:56.789000+00:00}) without {@code DateTimeFormatter}, which
 * allocates a {@code Parsed}, a map copy per optional section and a {@code BigDecimal} per fraction, and was a
 * quarter of the CPU of binding a MESSAGE_CREATE. Only the strict form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} plus
 * {@code Z} or {@code ±HH:MM} is handled here; anything else (other spellings ISO-8601 allows, invalid dates)
 * returns {@code null} so the caller falls back to java.time and gets exactly its result or error.
 */
final class Timestamps {

	private static final int[] SCALE = { 1, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10,
			1 };

	private Timestamps() {
	}

	/**
	 * Parse the strict form.
	 * @param text the timestamp
	 * @return the value, or {@code null} if the text is not in the strict form or not a valid date-time
	 */
	static OffsetDateTime parse(CharSequence text) {
		int length = text.length();
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = text.charAt(i);
		}
		return parse(chars, 0, length);
	}

	/**
	 * Parse the strict form from a character range (a parser's text buffer; nothing is allocated for a miss).
	 * @param c the characters
	 * @param off the start
	 * @param len the length
	 * @return the value, or {@code null} if the text is not in the strict form or not a valid date-time
	 */
	static OffsetDateTime parse(char[] c, int off, int len) {
		if (len < 20) {
			return null;
		}
		int end = off + len;
		int year = digits4(c, off);
		int month = digits2(c, off + 5);
		int day = digits2(c, off + 8);
		int hour = digits2(c, off + 11);
		int minute = digits2(c, off + 14);
		int second = digits2(c, off + 17);
		if ((year | month | day | hour | minute | second) < 0 || c[off + 4] != '-' || c[off + 7] != '-'
				|| c[off + 10] != 'T' || c[off + 13] != ':' || c[off + 16] != ':') {
			return null;
		}
		int i = off + 19;
		int nano = 0;
		if (c[i] == '.') {
			int start = ++i;
			while (i < end && i - start < 9) {
				int digit = c[i] - '0';
				if (digit < 0 || digit > 9) {
					break;
				}
				nano = nano * 10 + digit;
				i++;
			}
			int n = i - start;
			if (n == 0 || (i < end && c[i] >= '0' && c[i] <= '9')) {
				return null;
			}
			nano *= SCALE[n];
		}
		if (i >= end) {
			return null;
		}
		ZoneOffset offset;
		char sign = c[i];
		if (sign == 'Z') {
			if (i + 1 != end) {
				return null;
			}
			offset = ZoneOffset.UTC;
		}
		else if (sign == '+' || sign == '-') {
			if (end - i != 6 || c[i + 3] != ':') {
				return null;
			}
			int hours = digits2(c, i + 1);
			int minutes = digits2(c, i + 4);
			if (hours < 0 || minutes < 0 || minutes > 59) {
				return null;
			}
			int total = hours * 3600 + minutes * 60;
			if (total > 18 * 3600) {
				return null;
			}
			offset = (total == 0) ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds((sign == '-') ? -total : total);
		}
		else {
			return null;
		}
		if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		try {
			return OffsetDateTime.of(LocalDateTime.of(LocalDate.of(year, month, day),
					LocalTime.of(hour, minute, second, nano)), offset);
		}
		catch (DateTimeException ex) {
			// e.g. 30 February: let java.time report it
			return null;
		}
	}

	private static int digits2(char[] c, int i) {
		int a = c[i] - '0';
		int b = c[i + 1] - '0';
		if (a < 0 || a > 9 || b < 0 || b > 9) {
			return -1;
		}
		return a * 10 + b;
	}

	private static int digits4(char[] c, int i) {
		int hi = digits2(c, i);
		int lo = digits2(c, i + 2);
		return (hi < 0 || lo < 0) ? -1 : hi * 100 + lo;
	}

	/**
	 * {@link OffsetDateTime} from JSON: the strict form is parsed here and then adjusted exactly as Jackson's own
	 * deserializer adjusts it ({@code ADJUST_DATES_TO_CONTEXT_TIME_ZONE}); every other input, and every
	 * configuration this does not reproduce, goes to Jackson's deserializer.
	 */
	static final class Deserializer extends StdDeserializer<OffsetDateTime> {

		private final ValueDeserializer<?> fallback;

		/** The context's zone, resolved once per (time zone, normalise) pair. */
		private volatile Zone zone;

		Deserializer() {
			this(InstantDeserializer.OFFSET_DATE_TIME);
		}

		private Deserializer(ValueDeserializer<?> fallback) {
			super(OffsetDateTime.class);
			this.fallback = fallback;
		}

		@Override
		public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
			ValueDeserializer<?> contextual = this.fallback.createContextual(ctxt, property);
			// a per-property @JsonFormat changes Jackson's parsing: leave such properties to it entirely
			return (contextual == this.fallback) ? this : contextual;
		}

		@Override
		public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
			if (p.hasToken(JsonToken.VALUE_STRING) && !ctxt.isEnabled(DateTimeFeature.TRUNCATE_TO_MSECS_ON_READ)) {
				OffsetDateTime value = p.hasStringCharacters()
						? parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength())
						: parse(p.getString());
				if (value != null) {
					return ctxt.isEnabled(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE) ? adjust(value, ctxt)
							: value;
				}
			}
			return (OffsetDateTime) this.fallback.deserialize(p, ctxt);
		}

		/** As Jackson: {@code withOffsetSameInstant(zone.getRules().getOffset(value.toLocalDateTime()))}. */
		private OffsetDateTime adjust(OffsetDateTime value, DeserializationContext ctxt) {
			TimeZone timeZone = ctxt.getTimeZone();
			boolean normalize = ctxt.isEnabled(DateTimeFeature.NORMALIZE_DESERIALIZED_ZONE_ID);
			Zone z = this.zone;
			if (z == null || z.timeZone != timeZone || z.normalize != normalize) {
				ZoneId id = timeZone.toZoneId();
				z = new Zone(timeZone, normalize, normalize ? id.normalized() : id);
				this.zone = z;
			}
			ZoneOffset target = (z.id instanceof ZoneOffset fixed) ? fixed
					: z.id.getRules().getOffset(value.toLocalDateTime());
			return value.withOffsetSameInstant(target);
		}

		private record Zone(TimeZone timeZone, boolean normalize, ZoneId id) {
		}

	}

}
