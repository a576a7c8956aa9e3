package dev.shard.gateway;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DispatchFingerprint}: one event sent to two sessions (each with its own sequence, keys in any order) has
 * one fingerprint; two events do not; {@code d} is found and delimited through strings with braces and escapes.
 */
class DispatchFingerprintTests {

	private static GatewayDispatch dispatch(long seq, String frame, boolean offsetKnown) {
		byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
		int offset = offsetKnown ? DispatchFingerprint.dataStart(bytes) : GatewayDispatch.UNKNOWN_DATA_OFFSET;
		return new GatewayDispatch(0, seq, "MESSAGE_CREATE", bytes, offset, 0);
	}

	private static final String D = "{\"id\":\"1\",\"content\":\"a } ] , \\\" {[\",\"n\":[1,{\"x\":null}]}";

	@Test
	void theSameEventInTwoSessionsHasOneFingerprint() {
		DispatchFingerprint a = DispatchFingerprint
			.of(dispatch(5, "{\"t\":\"MESSAGE_CREATE\",\"s\":5,\"op\":0,\"d\":" + D + "}", true));
		DispatchFingerprint b = DispatchFingerprint
			.of(dispatch(912, "{\"op\":0,\"d\":" + D + ",\"s\":912,\"t\":\"MESSAGE_CREATE\"}", false));
		assertThat(a).isEqualTo(b);
		assertThat(a.length()).isEqualTo(D.length());
	}

	@Test
	void twoEventsHaveTwoFingerprints() {
		DispatchFingerprint a = DispatchFingerprint
			.of(dispatch(5, "{\"t\":\"MESSAGE_CREATE\",\"s\":5,\"op\":0,\"d\":{\"id\":\"1\"}}", true));
		DispatchFingerprint b = DispatchFingerprint
			.of(dispatch(5, "{\"t\":\"MESSAGE_CREATE\",\"s\":5,\"op\":0,\"d\":{\"id\":\"2\"}}", true));
		assertThat(a).isNotEqualTo(b);
	}

	@Test
	void dIsFoundAfterValuesOfEveryKind() {
		String frame = "{ \"a\" : \"x,}\" , \"b\":[1,2,{\"d\":3}], \"c\":12.5, \"e\":true, \"d\" : {\"k\":1} }";
		byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
		int start = DispatchFingerprint.dataStart(bytes);
		assertThat(frame.substring(start, DispatchFingerprint.valueEnd(bytes, start))).isEqualTo("{\"k\":1}");
		assertThat(DispatchFingerprint.dataStart("{\"t\":null}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
		assertThat(DispatchFingerprint.dataStart("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
	}

	@Test
	void aFrameWithoutDIsNeverMatched() {
		DispatchFingerprint a = DispatchFingerprint.of(dispatch(1, "{\"t\":\"X\",\"s\":1,\"op\":0}", false));
		DispatchFingerprint b = DispatchFingerprint.of(dispatch(2, "{\"t\":\"X\",\"s\":1,\"op\":0}", false));
		assertThat(a).isNotEqualTo(b);
	}

	@Test
	void theMultisetCountsIdenticalEvents() {
		DispatchFingerprint.Multiset set = new DispatchFingerprint.Multiset();
		DispatchFingerprint f = new DispatchFingerprint("T", 1, 7);
		set.add(f);
		set.add(f);
		assertThat(set.remove(f)).isTrue();
		assertThat(set.remove(f)).isTrue();
		assertThat(set.remove(f)).isFalse();
		assertThat(set.size()).isZero();
	}

}
