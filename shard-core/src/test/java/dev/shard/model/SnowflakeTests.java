package dev.shard.model;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Ids as strings: the in-place digit parser and the fall-back to {@link Long#parseUnsignedLong}. */
class SnowflakeTests {

	private static Snowflake read(String json) {
		return ShardJson.mapper().readValue(json, Snowflake.class);
	}

	@Test
	void digitStringsUpToTheUnsignedMaximumAreRead() {
		assertThat(read("\"0\"").value()).isZero();
		assertThat(read("\"175928847299117063\"").value()).isEqualTo(175928847299117063L);
		assertThat(read("\"9223372036854775807\"").value()).isEqualTo(Long.MAX_VALUE);
		// beyond the signed range: 19 and 20 digits go the slow way and keep their unsigned value
		assertThat(read("\"9223372036854775808\"").value()).isEqualTo(Long.MIN_VALUE);
		assertThat(read("\"18446744073709551615\"").value()).isEqualTo(-1L);
		assertThat(read("\" 42 \"").value()).isEqualTo(42L);
		assertThat(read("42").value()).isEqualTo(42L);
	}

	@Test
	void theInPlaceParserLeavesEverythingButPlainSignedRangeDigitsToTheSlowPath() {
		char[] c = "x9223372036854775807 -1 12a".toCharArray();
		assertThat(Snowflake.Deserializer.digits(c, 1, 19)).isEqualTo(Long.MAX_VALUE);
		assertThat(Snowflake.Deserializer.digits("9223372036854775808".toCharArray(), 0, 19)).isEqualTo(-1);
		assertThat(Snowflake.Deserializer.digits("99999999999999999999".toCharArray(), 0, 20)).isEqualTo(-1);
		assertThat(Snowflake.Deserializer.digits(c, 21, 2)).isEqualTo(-1);
		assertThat(Snowflake.Deserializer.digits(c, 24, 3)).isEqualTo(-1);
		assertThat(Snowflake.Deserializer.digits(c, 0, 0)).isEqualTo(-1);
	}

	@Test
	void notAnIdIsAClearError() {
		assertThatExceptionOfType(DatabindException.class).isThrownBy(() -> read("\"12a\""))
			.withMessageContaining("not an unsigned 64-bit id");
		assertThatExceptionOfType(DatabindException.class).isThrownBy(() -> read("\"-1\""));
	}

}
