package dev.shard.gateway.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvelopeReaderTests {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/** Where the value of the envelope's d starts, found by hand: the last top-level "d" key in these frames. */
	private static int d(String frame, String valueStart) {
		int at = frame.lastIndexOf("\"d\"");
		int value = frame.indexOf(valueStart, frame.indexOf(':', at));
		assertThat(value).isPositive();
		return value;
	}

	@Test
	void fastPathReadsDiscordsKeyOrder() {
		String json = "{\"t\":\"MESSAGE_CREATE\",\"s\":42,\"op\":0,\"d\":{\"op\":7,\"s\":1,\"t\":\"NOPE\"}}";
		byte[] frame = b(json);
		Envelope e = EnvelopeReader.scan(frame);
		assertThat(e).isEqualTo(new Envelope(0, "MESSAGE_CREATE", 42, json.indexOf("{\"op\":7")));
		assertThat(EnvelopeReader.read(frame)).isEqualTo(e);
	}

	@Test
	void fastPathHandlesNullsAndMissingD() {
		String hello = "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":1}}";
		assertThat(EnvelopeReader.scan(b(hello)))
			.isEqualTo(new Envelope(10, null, Envelope.NO_SEQUENCE, d(hello, "{")));
		assertThat(EnvelopeReader.scan(b("{\"op\":11}")))
			.isEqualTo(new Envelope(11, null, Envelope.NO_SEQUENCE, Envelope.NO_DATA_OFFSET));
		String spaced = "{ \"op\" : 1 , \"d\" : 5 }";
		assertThat(EnvelopeReader.scan(b(spaced))).isEqualTo(new Envelope(1, null, -1, d(spaced, "5")));
	}

	@Test
	void otherKeyOrdersFallBackToTheParser() {
		String first = "{\"d\":{\"t\":\"X\",\"s\":9},\"op\":0,\"s\":7,\"t\":\"GUILD_CREATE\"}";
		byte[] frame = b(first);
		assertThat(EnvelopeReader.scan(frame)).isNull();
		assertThat(EnvelopeReader.read(frame)).isEqualTo(new Envelope(0, "GUILD_CREATE", 7, first.indexOf('{', 1)));
		String extra = "{\"_trace\":[\"x\"],\"op\":0,\"s\":3,\"t\":\"T\",\"d\":null}";
		assertThat(EnvelopeReader.read(b(extra))).isEqualTo(new Envelope(0, "T", 3, d(extra, "null")));
		String escaped = "{\"t\":\"A\\u0042\",\"s\":1,\"op\":0,\"d\":{}}";
		assertThat(EnvelopeReader.read(b(escaped))).isEqualTo(new Envelope(0, "AB", 1, d(escaped, "{")));
		String none = "{\"op\":0,\"s\":3,\"t\":\"T\",\"_trace\":1}";
		assertThat(EnvelopeReader.read(b(none))).isEqualTo(new Envelope(0, "T", 3, Envelope.NO_DATA_OFFSET));
	}

	@Test
	void aDispatchWhoseTypeOrSequenceFollowsDTakesTheParser() {
		// the scan stops at d: t and s after it would be missed
		String late = "{\"op\":0,\"d\":{\"a\":1},\"s\":5,\"t\":\"MESSAGE_CREATE\"}";
		assertThat(EnvelopeReader.scan(b(late))).isNull();
		assertThat(EnvelopeReader.read(b(late))).isEqualTo(new Envelope(0, "MESSAGE_CREATE", 5, d(late, "{\"a\"")));
		String lateSequence = "{\"t\":\"MESSAGE_CREATE\",\"op\":0,\"d\":{},\"s\":6}";
		assertThat(EnvelopeReader.scan(b(lateSequence))).isNull();
		assertThat(EnvelopeReader.read(b(lateSequence)))
			.isEqualTo(new Envelope(0, "MESSAGE_CREATE", 6, d(lateSequence, "{}")));
	}

	@Test
	void theDataOffsetCountsBytesNotCharacters() {
		String json = "{\"t\":\"T\",\"s\":1,\"op\":0,\"d\":{\"x\":\"é\"}}";
		String parsed = "{\"t\":\"T\",\"s\":1,\"_é\":0,\"op\":0,\"d\":{\"x\":\"é\"}}";
		byte[] frame = b(json);
		byte[] slow = b(parsed);
		assertThat(EnvelopeReader.read(frame).dataOffset()).isEqualTo(json.indexOf("{\"x\""));
		assertThat(EnvelopeReader.scan(slow)).isNull();
		// one two-byte character before d: the byte offset is one more than the character index
		assertThat(EnvelopeReader.read(slow).dataOffset()).isEqualTo(parsed.indexOf("{\"x\"") + 1);
	}

	@Test
	void malformedInputIsAnIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeReader.read(b("{\"t\":\"MESSAGE_CREATE\",\"s\":")));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeReader.read(b("not json")));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeReader.read(b("[1,2]")));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeReader.read(b("{\"d\":1}")));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeReader.read(b("{\"op\":\"x\"}")));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeReader.read(new byte[0]));
	}

	@Test
	void redactionMasksTokens() {
		String json = "{\"op\":2,\"d\":{\"token\":\"abc.def\\\"ghi\",\"x\":1,\"inner\":{\"token\" : \"t2\"}}}";
		String masked = Redaction.mask(json);
		assertThat(masked).doesNotContain("abc.def").doesNotContain("t2").contains("\"token\":\"[redacted]\"")
			.contains("\"x\":1");
	}

}
