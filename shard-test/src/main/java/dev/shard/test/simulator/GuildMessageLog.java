/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a bot under test received of a {@link GatewaySimulator#streamGuildMessages} stream, for checking that each
 * message arrived once and in order per guild: feed it every MESSAGE_CREATE's {@code content}
 * ({@code "<guildId>#<n>"}) as the bot's listener sees it; other contents are ignored. Thread-safe.
 */
public final class GuildMessageLog {

	private final Map<String, List<Integer>> byGuild = new ConcurrentHashMap<>();

	/**
	 * Record one delivered message.
	 * @param content the message's content
	 */
	public void record(String content) {
		String[] parts = (content != null) ? content.split("#") : new String[0];
		if (parts.length == 2) {
			this.byGuild.computeIfAbsent(parts[0], (k) -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
		}
	}

	/** How many stream messages were recorded. */
	public int delivered() {
		return this.byGuild.values().stream().mapToInt(List::size).sum();
	}

	/** The guilds that received stream messages. */
	public Set<String> guilds() {
		return this.byGuild.keySet();
	}

	/**
	 * Each guild whose messages are not exactly 1, 2, ..., n in that order (a gap, a duplicate or a reordering),
	 * with what it received.
	 * @return the problems, empty if every guild's messages arrived once and in order
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		this.byGuild.forEach((guild, numbers) -> {
			for (int i = 0; i < numbers.size(); i++) {
				if (numbers.get(i) != i + 1) {
					problems.add("guild " + guild + ": " + numbers);
					return;
				}
			}
		});
		return problems;
	}

}
