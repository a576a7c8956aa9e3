package dev.shard.gateway.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnvelopeReaderTests {

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void fastPathReadsDiscordsKeyOrder() {
		byte[] frame = b("{\"t\":\"MESSAGE_CREATE\",\"s\":42,\"op\":0,\"d\":{\"op\":7,\"s\":1,\"t\":\"NOPE\"}}");
		Envelope e = EnvelopeReader.scan(frame);
		assertThat(e).isEqualTo(new Envelope(0, "MESSAGE_CREATE", 42));
		assertThat(EnvelopeReader.read(frame)).isEqualTo(e);
	}

	@Test
	void fastPathHandlesNullsAndMissingD() {
		assertThat(EnvelopeReader.scan(b("{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":1}}")))
			.isEqualTo(new Envelope(10, null, Envelope.NO_SEQUENCE));
		assertThat(EnvelopeReader.scan(b("{\"op\":11}"))).isEqualTo(new Envelope(11, null, Envelope.NO_SEQUENCE));
		assertThat(EnvelopeReader.scan(b("{ \"op\" : 1 , \"d\" : 5 }"))).isEqualTo(new Envelope(1, null, -1));
	}

	@Test
	void otherKeyOrdersFallBackToTheParser() {
		byte[] frame = b("{\"d\":{\"t\":\"X\",\"s\":9},\"op\":0,\"s\":7,\"t\":\"GUILD_CREATE\"}");
		assertThat(EnvelopeReader.scan(frame)).isNull();
		assertThat(EnvelopeReader.read(frame)).isEqualTo(new Envelope(0, "GUILD_CREATE", 7));
		byte[] extra = b("{\"_trace\":[\"x\"],\"op\":0,\"s\":3,\"t\":\"T\",\"d\":null}");
		assertThat(EnvelopeReader.read(extra)).isEqualTo(new Envelope(0, "T", 3));
		byte[] escaped = b("{\"t\":\"A\\u0042\",\"s\":1,\"op\":0,\"d\":{}}");
		assertThat(EnvelopeReader.read(escaped)).isEqualTo(new Envelope(0, "AB", 1));
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
