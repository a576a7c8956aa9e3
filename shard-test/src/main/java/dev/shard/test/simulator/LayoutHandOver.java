/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a re-shard from the simulator's side, as the issue states it: every session of the old layout was closed
 * by the client with 1000, and every guild's shard of the new layout was connected before the guild's old shard
 * closed and is still connected, so no guild was ever without a connected shard.
 */
public final class LayoutHandOver {

	private LayoutHandOver() {
	}

	/**
	 * What went wrong in a hand-over from {@code from} to {@code to} shards, read from the simulator's connection
	 * log.
	 * @param sim the simulator the bot ran against
	 * @param from the old shard count
	 * @param to the new shard count
	 * @return one line per problem; empty if the hand-over was clean
	 */
	public static List<String> problems(GatewaySimulator sim, int from, int to) {
		List<String> problems = new ArrayList<>();
		List<SimulatorLog.Connection> connections = sim.connections();
		List<SimulatorLog.Connection> old = layout(connections, from);
		if (old.size() != from) {
			problems.add(from + " sessions of the old layout expected, found " + old.size());
		}
		for (SimulatorLog.Connection c : old) {
			SimulatorLog.Close close = c.close();
			if (close == null || close.code() == null || close.code() != 1000 || !"client".equals(close.by())) {
				problems.add("old shard " + c.identify().shardId() + " was not closed with 1000 by the client: " + close);
			}
		}
		for (String guild : sim.guildIds()) {
			SimulatorLog.Connection before = last(connections, from, GatewaySimulator.shardFor(guild, from));
			SimulatorLog.Connection after = last(connections, to, GatewaySimulator.shardFor(guild, to));
			if (before == null || after == null) {
				problems.add("guild " + guild + ": no connection of its shard in " + ((before == null) ? from : to));
				continue;
			}
			if (before.close() == null || !after.openedAt().isBefore(before.close().time())) {
				problems.add("guild " + guild + ": its new shard did not connect before its old shard closed");
			}
			if (after.close() != null) {
				problems.add("guild " + guild + ": its new shard is closed (" + after.close() + ")");
			}
		}
		return problems;
	}

	private static List<SimulatorLog.Connection> layout(List<SimulatorLog.Connection> connections, int count) {
		return connections.stream().filter((c) -> c.identify() != null && c.identify().shardCount() == count).toList();
	}

	private static SimulatorLog.Connection last(List<SimulatorLog.Connection> connections, int count, int shard) {
		return layout(connections, count).stream()
			.filter((c) -> c.identify().shardId() == shard)
			.reduce((a, b) -> b)
			.orElse(null);
	}

}
