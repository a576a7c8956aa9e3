package dev.shard.autoconfigure.interactions;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Checks the Ed25519 signature Discord puts on every interaction it POSTs: {@code X-Signature-Ed25519} (hex) over
 * the bytes of {@code X-Signature-Timestamp} followed by the raw body, with the application's public key. The JDK
 * has had Ed25519 since Java 15: no extra dependency. A timestamp further from now than the allowed age is refused
 * too, so that a recorded request cannot be replayed later.
 *
 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding#security-and-authorization">Security
 * and Authorization</a>
 */
final class InteractionSignatureVerifier {

	/** The X.509 (SubjectPublicKeyInfo) header of an Ed25519 key; the raw 32 bytes follow it. */
	private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private final PublicKey key;

	private final long maxAgeSeconds;

	/**
	 * Create a verifier.
	 * @param publicKeyHex the application's public key as the Developer Portal shows it: 64 hex characters
	 * @param maxAge how far the request's timestamp may be from now
	 * @throws IllegalArgumentException if the key is not 32 bytes of hex
	 */
	InteractionSignatureVerifier(String publicKeyHex, Duration maxAge) {
		this.key = publicKey(publicKeyHex);
		this.maxAgeSeconds = maxAge.toSeconds();
	}

	private static PublicKey publicKey(String hex) {
		byte[] raw;
		try {
			raw = HexFormat.of().parseHex(hex.trim());
		}
		catch (IllegalArgumentException ex) {
			raw = new byte[0];
		}
		if (raw.length != 32) {
			throw new IllegalArgumentException("discord.interactions.public-key must be the application's public key"
					+ " from the Developer Portal (General Information): 64 hex characters");
		}
		byte[] encoded = new byte[X509_PREFIX.length + raw.length];
		System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
		System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("discord.interactions.public-key is not a valid Ed25519 public key", ex);
		}
	}

	/**
	 * Whether the request is Discord's: the signature is valid and the timestamp recent.
	 * @param signatureHex the {@code X-Signature-Ed25519} header
	 * @param timestamp the {@code X-Signature-Timestamp} header (Unix seconds)
	 * @param body the raw body, exactly as received
	 * @return whether to accept it
	 */
	boolean verify(@Nullable String signatureHex, @Nullable String timestamp, byte[] body) {
		if (signatureHex == null || timestamp == null) {
			return false;
		}
		try {
			long age = System.currentTimeMillis() / 1000 - Long.parseLong(timestamp.trim());
			if (Math.abs(age) > this.maxAgeSeconds) {
				return false;
			}
			Signature signature = Signature.getInstance("Ed25519");
			signature.initVerify(this.key);
			signature.update(timestamp.getBytes(StandardCharsets.UTF_8));
			signature.update(body);
			return signature.verify(HexFormat.of().parseHex(signatureHex.trim()));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			// malformed hex, a signature of the wrong length, a timestamp that is no number: not Discord's
			return false;
		}
	}

}
