package dev.shard.autoconfigure.interactions;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link InteractionSignatureVerifier}: the JDK's EdDSA with a key built from the raw 32 bytes, as the Developer
 * Portal shows it. (Good, bad and stale requests against the running endpoint: {@link InteractionsTransportTests}.)
 */
class InteractionSignatureVerifierTests {

	/** RFC 8032, Ed25519 test 1: a valid key and a signature (of another message). */
	private static final String PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

	private static final String SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
			+ "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

	@Test
	void aSignatureOverTimestampThenBodyIsAcceptedWithinTheAllowedAge() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] encoded = pair.getPublic().getEncoded();
		String raw = HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
		InteractionSignatureVerifier verifier = new InteractionSignatureVerifier(raw, Duration.ofMinutes(5));
		byte[] body = "{\"type\":1}".getBytes(StandardCharsets.UTF_8);
		long now = System.currentTimeMillis() / 1000;
		assertThat(verifier.verify(sign(pair, now + "", body), now + "", body)).isTrue();
		assertThat(verifier.verify(sign(pair, now + "", body), (now + 1) + "", body)).isFalse();
		assertThat(verifier.verify(sign(pair, (now - 240) + "", body), (now - 240) + "", body)).isTrue();
		assertThat(verifier.verify(sign(pair, (now - 360) + "", body), (now - 360) + "", body)).isFalse();
		assertThat(verifier.verify(sign(pair, (now + 360) + "", body), (now + 360) + "", body)).isFalse();
	}

	private static String sign(KeyPair pair, String timestamp, byte[] body) throws Exception {
		Signature signature = Signature.getInstance("Ed25519");
		signature.initSign(pair.getPrivate());
		signature.update(timestamp.getBytes(StandardCharsets.UTF_8));
		signature.update(body);
		return HexFormat.of().formatHex(signature.sign());
	}

	@Test
	void malformedInputIsRefusedNotThrown() {
		InteractionSignatureVerifier verifier = new InteractionSignatureVerifier(PUBLIC_KEY, Duration.ofMinutes(5));
		String now = Long.toString(System.currentTimeMillis() / 1000);
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
		assertThat(verifier.verify(null, now, body)).isFalse();
		assertThat(verifier.verify(SIGNATURE, null, body)).isFalse();
		assertThat(verifier.verify("zz", now, body)).isFalse();
		assertThat(verifier.verify("00", now, body)).isFalse();
		assertThat(verifier.verify(SIGNATURE, "yesterday", body)).isFalse();
		assertThat(verifier.verify(SIGNATURE, now, body)).isFalse();
	}

	@Test
	void aKeyThatIsNot32BytesOfHexIsRefusedWithAdvice() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InteractionSignatureVerifier("abcd", Duration.ZERO))
			.withMessageContaining("64 hex characters");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InteractionSignatureVerifier("x".repeat(64), Duration.ZERO))
			.withMessageContaining("64 hex characters");
		assertThat(HexFormat.of().parseHex(PUBLIC_KEY)).hasSize(32);
	}

}
