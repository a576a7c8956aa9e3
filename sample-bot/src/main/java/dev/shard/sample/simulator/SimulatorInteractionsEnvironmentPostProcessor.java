package dev.shard.sample.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

import dev.shard.test.simulator.GatewaySimulator;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * With {@code sample.simulator.interactions=http} and no token, gives the starter the embedded simulator's public
 * key as {@code discord.interactions.public-key}, which turns the HTTP interactions endpoint on: the one property
 * that switches the sample to HTTP interactions. The simulator signs with a key derived from {@link #KEY_SEED}, so
 * its public key is known before it starts. (With a real token, set {@code discord.interactions.public-key} to the
 * application's key instead.)
 */
class SimulatorInteractionsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** The simulator's signing key: a throwaway test key, derived from a fixed phrase. */
	static final byte[] KEY_SEED = sha256("shard sample-bot: the embedded simulator's interaction key, a test key");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty("discord.token"))
				|| !"http".equalsIgnoreCase(environment.getProperty("sample.simulator.interactions", "gateway"))
				|| environment.containsProperty("discord.interactions.public-key")) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("sampleSimulatorInteractions",
					Map.of("discord.interactions.public-key", GatewaySimulator.interactionPublicKey(KEY_SEED))));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
