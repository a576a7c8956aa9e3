package dev.shard.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.shard.event.Intent;
import dev.shard.event.Intents;

/**
 * Intent names for {@code discord.gateway.intents} (with Discord's old names as aliases) over the event model's
 * {@link Intent} table.
 */
final class GatewayIntents {

	static final long PRIVILEGED = Intents.PRIVILEGED;

	static final long ALL_NON_PRIVILEGED = Intents.NON_PRIVILEGED;

	private static final Map<String, Intent> ALIASES = Map.of("GUILD_BANS", Intent.GUILD_MODERATION,
			"GUILD_EMOJIS_AND_STICKERS", Intent.GUILD_EXPRESSIONS);

	private GatewayIntents() {
	}

	/**
	 * The bit of an intent name (case-insensitive, dashes allowed).
	 * @param name the name
	 * @return the bit, or {@code null} if unknown
	 */
	static Long bitOf(String name) {
		String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		Intent alias = ALIASES.get(normalized);
		if (alias != null) {
			return alias.value();
		}
		for (Intent intent : Intent.values()) {
			if (intent.name().equals(normalized)) {
				return intent.value();
			}
		}
		return null;
	}

	/** The intents needed to receive the given dispatch types; ungated types need none. */
	static long forEventTypes(Collection<String> types) {
		return Intents.toBitfield(Intents.forEventTypes(types));
	}

	/** Names of the set bits, for logging. */
	static List<String> names(long intents) {
		return Intents.fromBitfield(intents).stream().map(Intent::name).toList();
	}

}
