package dev.shard.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The hand-written timestamp parser against java.time and against Jackson's own {@code OffsetDateTime}
 * deserializer: same value (and offset) for every input, or the same failure.
 */
class TimestampsTests {

	private static final long SEED = 20261128L;

	/** Random instants in years 0000..9999 with every fraction width, 'Z' and random offsets. */
	@Test
	void randomTimestampsParseExactlyAsDateTimeFormatter() {
		Random random = new Random(SEED);
		long min = OffsetDateTime.parse("0000-01-02T00:00:00Z").toEpochSecond();
		long max = OffsetDateTime.parse("9999-12-30T23:59:59Z").toEpochSecond();
		for (int n = 0; n < 20_000; n++) {
			String text = randomTimestamp(random, min, max);
			OffsetDateTime expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			assertThat(Timestamps.parse(text)).as(text).isEqualTo(expected);
		}
	}

	@Test
	void discordSpellings() {
		assertThat(Timestamps.parse("2024-01-01T12:34:56.789000+00:00"))
			.isEqualTo(OffsetDateTime.of(2024, 1, 1, 12, 34, 56, 789_000_000, ZoneOffset.UTC));
		assertThat(Timestamps.parse("2024-01-01T12:34:56+00:00"))
			.isEqualTo(OffsetDateTime.of(2024, 1, 1, 12, 34, 56, 0, ZoneOffset.UTC));
		assertThat(Timestamps.parse("2024-02-29T23:59:59.999999999Z"))
			.isEqualTo(OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999, ZoneOffset.UTC));
		assertThat(Timestamps.parse("2026-02-27T23:53:35.495923-05:30"))
			.isEqualTo(OffsetDateTime.of(2026, 2, 27, 23, 53, 35, 495_923_000, ZoneOffset.ofHoursMinutes(-5, -30)));
		assertThat(Timestamps.parse("2024-01-01T00:00:00-00:00").getOffset()).isEqualTo(ZoneOffset.UTC);
		assertThat(Timestamps.parse("2024-01-01T00:00:00+18:00").getOffset()).isEqualTo(ZoneOffset.ofHours(18));
	}

	/** Inputs the fast path declines: java.time decides (valid in ISO-8601 or an error). */
	@Test
	void unusualOrInvalidInputsAreLeftToJavaTime() {
		for (String text : edgeCases()) {
			assertThat(Timestamps.parse(text)).as(text).isNull();
		}
		// and where java.time accepts one, the mapper still gets its value
		assertThat(Timestamps.parse("2024-01-01t12:34:56z")).isNull();
	}

	@Test
	void mapperMatchesJacksonDefaultsForRandomAndEdgeInputs() {
		assertSameAsJackson(ShardJson.configure(JsonMapper.builder()).build(), JsonMapper.builder().build());
	}

	@Test
	void mapperMatchesJacksonWithoutAdjustmentAndInAZoneWithDaylightSaving() {
		assertSameAsJackson(
				ShardJson.configure(JsonMapper.builder()).disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
					.build(),
				JsonMapper.builder().disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build());
		TimeZone berlin = TimeZone.getTimeZone("Europe/Berlin");
		assertSameAsJackson(ShardJson.configure(JsonMapper.builder()).defaultTimeZone(berlin).build(),
				JsonMapper.builder().defaultTimeZone(berlin).build());
		assertSameAsJackson(
				ShardJson.configure(JsonMapper.builder()).enable(DateTimeFeature.TRUNCATE_TO_MSECS_ON_READ).build(),
				JsonMapper.builder().enable(DateTimeFeature.TRUNCATE_TO_MSECS_ON_READ).build());
	}

	@Test
	void messageTimestampsBindThroughTheFastPath() {
		Message message = ShardJson.mapper()
			.readValue("{\"timestamp\":\"2024-01-01T12:34:56.789000+02:00\",\"edited_timestamp\":null}", Message.class);
		// Jackson's default: adjusted to the context time zone (UTC), same instant
		assertThat(message.timestamp()).isEqualTo(OffsetDateTime.of(2024, 1, 1, 10, 34, 56, 789_000_000, ZoneOffset.UTC));
		assertThat(message.editedTimestamp()).isNull();
	}

	private static void assertSameAsJackson(JsonMapper ours, JsonMapper jackson) {
		Random random = new Random(SEED + 1);
		long min = OffsetDateTime.parse("0000-01-02T00:00:00Z").toEpochSecond();
		long max = OffsetDateTime.parse("9999-12-30T23:59:59Z").toEpochSecond();
		List<String> inputs = new java.util.ArrayList<>(edgeCases());
		inputs.addAll(List.of("2024-01-01t12:34:56z", " 2024-01-01T12:34:56Z ", "2024-01-01T12:34:56+0200",
				"2024-03-31T02:30:00+00:00", "2024-10-27T02:30:00+01:00", ""));
		for (int n = 0; n < 3_000; n++) {
			inputs.add(randomTimestamp(random, min, max));
		}
		for (String text : inputs) {
			String json = "\"" + text + "\"";
			Object expected = read(jackson, json);
			Object actual = read(ours, json);
			if (expected instanceof Throwable e) {
				assertThat(actual).as(text).isInstanceOf(e.getClass());
			}
			else {
				assertThat(actual).as(text).isEqualTo(expected);
			}
		}
		// numbers (epoch seconds) are Jackson's business
		assertThat(read(ours, "1700000000.5")).isEqualTo(read(jackson, "1700000000.5"));
	}

	private static Object read(JsonMapper mapper, String json) {
		try {
			return mapper.readValue(json, OffsetDateTime.class);
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private static List<String> edgeCases() {
		return List.of("2023-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
				"2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z",
				"2024-01-01T23:59:60Z", "2024-01-01T12:34:56.1234567890Z", "2024-01-01T12:34:56.Z",
				"2024-01-01T12:34Z", "2024-01-01T12:34:56", "2024-01-01T12:34:56+18:01", "2024-01-01T12:34:56+19:00",
				"2024-01-01T12:34:56+01:60", "2024-01-01T12:34:56+01", "2024-01-01T12:34:56+01:00:30",
				"2024-01-01T12:34:56Z ", "+12024-01-01T12:34:56Z", "2024-1-01T12:34:56Z", "2024-01-01 12:34:56Z",
				"2024-01-01T12:34:56.5+01:00x", "x024-01-01T12:34:56Z", "1700000000");
	}

	private static String randomTimestamp(Random random, long min, long max) {
		long seconds = min + (long) (random.nextDouble() * (max - min));
		int digits = random.nextInt(10);
		int nanos = (digits == 0) ? 0 : random.nextInt(1_000_000_000);
		String fraction = "";
		if (digits > 0) {
			fraction = "." + String.format("%09d", nanos).substring(0, digits);
		}
		String offset;
		int kind = random.nextInt(4);
		if (kind == 0) {
			offset = "Z";
		}
		else if (kind == 1) {
			offset = "+00:00";
		}
		else {
			int total = (random.nextInt(18 * 4 + 1)) * 15 * 60 * (random.nextBoolean() ? 1 : -1);
			if (random.nextInt(5) == 0) {
				total = (random.nextInt(18 * 60 + 1)) * 60 * (random.nextBoolean() ? 1 : -1);
			}
			ZoneOffset o = ZoneOffset.ofTotalSeconds(total);
			offset = (total == 0) ? "+00:00" : o.getId();
		}
		String local = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
			.format(Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC));
		String text = local + fraction + offset;
		try {
			OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new AssertionError("generator produced an invalid timestamp " + text, ex);
		}
		return text;
	}

	@Test
	void theGeneratorCoversTheShapes() {
		Random random = new Random(SEED);
		long min = 0;
		long max = 2_000_000_000L;
		boolean z = false;
		boolean plain = false;
		boolean nine = false;
		for (int n = 0; n < 1_000; n++) {
			String t = randomTimestamp(random, min, max);
			z |= t.endsWith("Z");
			plain |= t.length() == 25;
			nine |= t.matches(".*\\.\\d{9}.*");
		}
		assertThat(z && plain && nine).isTrue();
		assertThat(catchThrowable(() -> OffsetDateTime.parse("2024-02-30T00:00:00Z")))
			.isInstanceOf(DateTimeParseException.class);
	}

}
