/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import static dev.shard.test.simulator.SyntheticWorld.obj;

/**
 * Answers the client commands that need a session: op 3 (recorded only, Discord sends nothing back), op 4,
 * op 8, op 31 and op 43. Replies are ordinary dispatches on the session, so they get sequence numbers and are
 * replayed on resume like everything else.
 */
final class GatewayCommands {

	static final int CHUNK_SIZE = 1000;

	private final GatewaySimulator sim;

	/** Last all-members request per guild, in nanos. */
	private final Map<Long, Long> allMembersRequests = new ConcurrentHashMap<>();

	GatewayCommands(GatewaySimulator sim) {
		this.sim = sim;
	}

	void handle(GatewayConnection connection, Opcode op, JsonNode d) {
		Session session = connection.session();
		if (session == null) {
			return;
		}
		switch (op) {
			case PRESENCE_UPDATE -> presence(connection, d);
			case VOICE_STATE_UPDATE -> voiceState(connection, session, d);
			case REQUEST_GUILD_MEMBERS -> requestMembers(connection, session, d);
			case REQUEST_SOUNDBOARD_SOUNDS -> soundboard(connection, session, d);
			case REQUEST_CHANNEL_INFO -> channelInfo(connection, session, d);
			default -> {
			}
		}
	}

	private void presence(GatewayConnection connection, JsonNode d) {
		if (d == null || !d.isObject() || !d.has("status")) {
			connection.violation("4001", "op 3 without a status");
			connection.closeByServer(4001, "Invalid payload.");
		}
	}

	private SyntheticWorld.Guild guild(GatewayConnection connection, JsonNode d, String field) {
		JsonNode n = (d != null) ? d.get(field) : null;
		if (n == null || n.isNull()) {
			return null;
		}
		try {
			return this.sim.world.guildsById.get(Long.parseUnsignedLong(n.asString()));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private void voiceState(GatewayConnection connection, Session session, JsonNode d) {
		SyntheticWorld.Guild g = guild(connection, d, "guild_id");
		if (g == null) {
			connection.violation("op 4 unknown guild", String.valueOf(d));
			return;
		}
		SyntheticWorld world = this.sim.world;
		JsonNode ch = d.get("channel_id");
		String channelId = (ch == null || ch.isNull()) ? null : ch.asString();
		String voiceSession = Long.toHexString(world.newId());
		Map<String, Object> member = world.botMember(g);
		Map<String, Object> state = obj("member", member, "user_id", Long.toString(world.botId), "suppress", false,
				"session_id", voiceSession, "self_video", false, "self_mute", d.path("self_mute").asBoolean(false),
				"self_deaf", d.path("self_deaf").asBoolean(false), "request_to_speak_timestamp", null, "mute", false,
				"guild_id", Long.toString(g.id()), "deaf", false, "channel_id", channelId);
		this.sim.dispatchTo(session, DispatchTemplate.of("VOICE_STATE_UPDATE", world.string(state)));
		if (channelId != null) {
			Map<String, Object> server = obj("token", Long.toHexString(world.newId()), "guild_id",
					Long.toString(g.id()), "endpoint", "127.0.0.1:" + this.sim.port());
			this.sim.dispatchTo(session, DispatchTemplate.of("VOICE_SERVER_UPDATE", world.string(server)));
		}
	}

	private void requestMembers(GatewayConnection connection, Session session, JsonNode d) {
		SyntheticWorld.Guild g = guild(connection, d, "guild_id");
		if (g == null) {
			connection.violation("op 8 unknown guild", String.valueOf(d));
			return;
		}
		SyntheticWorld world = this.sim.world;
		String nonce = (d.has("nonce") && d.get("nonce").isString() && d.get("nonce").asString().length() <= 32)
				? d.get("nonce").asString() : null;
		boolean presences = d.path("presences").asBoolean(false);
		List<Integer> found = new ArrayList<>();
		List<String> notFound = new ArrayList<>();
		JsonNode userIds = d.get("user_ids");
		if (userIds != null && !userIds.isNull()) {
			Set<String> ids = new LinkedHashSet<>();
			if (userIds.isArray()) {
				userIds.forEach((n) -> ids.add(n.asString()));
			}
			else {
				ids.add(userIds.asString());
			}
			for (String id : ids) {
				int index = memberIndex(g, id);
				if (index >= 0) {
					found.add(index);
				}
				else {
					notFound.add(id);
				}
				if (found.size() >= 100) {
					break;
				}
			}
		}
		else {
			String query = d.path("query").asString("");
			int limit = d.path("limit").asInt(0);
			if (query.isEmpty() && limit == 0) {
				if ((session.intents & 2) == 0) {
					connection.violation("op 8 without GUILD_MEMBERS", "all-members request needs the GUILD_MEMBERS intent");
				}
				long now = System.nanoTime();
				long window = this.sim.config.memberRequestWindow.toNanos();
				Long last = this.allMembersRequests.get(g.id());
				if (last != null && now - last < window) {
					double retryAfter = (window - (now - last)) / 1e9;
					Map<String, Object> meta = obj("guild_id", Long.toString(g.id()));
					if (nonce != null) {
						meta.put("nonce", nonce);
					}
					this.sim.dispatchTo(session, DispatchTemplate.of("RATE_LIMITED", world.string(obj("opcode", 8,
							"retry_after", Math.round(retryAfter * 1000) / 1000.0, "meta", meta))));
					return;
				}
				this.allMembersRequests.put(g.id(), now);
				for (int m = 0; m < g.memberCount(); m++) {
					found.add(m);
				}
			}
			else {
				int max = Math.min((limit <= 0) ? 100 : limit, 100);
				for (int m = 0; m < g.memberCount() && found.size() < max; m++) {
					if (world.username(g.index(), m).startsWith(query)) {
						found.add(m);
					}
				}
			}
		}
		int chunkCount = Math.max(1, (found.size() + CHUNK_SIZE - 1) / CHUNK_SIZE);
		for (int c = 0; c < chunkCount; c++) {
			List<Object> members = new ArrayList<>();
			List<Object> presenceList = new ArrayList<>();
			for (int i = c * CHUNK_SIZE; i < Math.min(found.size(), (c + 1) * CHUNK_SIZE); i++) {
				int m = found.get(i);
				members.add(world.member(g, m, true));
				if (presences && !SyntheticWorld.status(m).equals("offline")) {
					presenceList.add(world.presence(g, m, false));
				}
			}
			Map<String, Object> chunk = obj("guild_id", Long.toString(g.id()), "members", members, "chunk_index", c,
					"chunk_count", chunkCount);
			if (c == 0 && !notFound.isEmpty()) {
				chunk.put("not_found", notFound);
			}
			if (presences) {
				chunk.put("presences", presenceList);
			}
			if (nonce != null) {
				chunk.put("nonce", nonce);
			}
			this.sim.dispatchTo(session, DispatchTemplate.of("GUILD_MEMBERS_CHUNK", world.string(chunk)));
		}
	}

	private int memberIndex(SyntheticWorld.Guild g, String id) {
		try {
			long userId = Long.parseUnsignedLong(id);
			for (int m = 0; m < g.memberCount(); m++) {
				if (SyntheticWorld.userId(g.index(), m) == userId) {
					return m;
				}
			}
		}
		catch (NumberFormatException ex) {
			// an id that is not a snowflake is simply not found
		}
		return -1;
	}

	private void soundboard(GatewayConnection connection, Session session, JsonNode d) {
		JsonNode ids = (d != null) ? d.get("guild_ids") : null;
		if (ids == null || !ids.isArray()) {
			connection.violation("4001", "op 31 without guild_ids");
			connection.closeByServer(4001, "Invalid payload.");
			return;
		}
		for (JsonNode id : ids) {
			SyntheticWorld.Guild g;
			try {
				g = this.sim.world.guildsById.get(Long.parseUnsignedLong(id.asString()));
			}
			catch (NumberFormatException ex) {
				g = null;
			}
			if (g == null) {
				continue;
			}
			this.sim.dispatchTo(session, DispatchTemplate.of("SOUNDBOARD_SOUNDS", this.sim.world.string(obj(
					"soundboard_sounds", this.sim.world.soundboardSounds(g), "guild_id", Long.toString(g.id())))));
		}
	}

	private void channelInfo(GatewayConnection connection, Session session, JsonNode d) {
		SyntheticWorld.Guild g = guild(connection, d, "guild_id");
		if (g == null) {
			connection.violation("op 43 unknown guild", String.valueOf(d));
			return;
		}
		List<Object> channels = new ArrayList<>();
		for (SyntheticWorld.Channel c : g.channels()) {
			if (c.type() == 2 || c.type() == 13) {
				channels.add(obj("id", Long.toString(c.id()), "status", "Chatting in " + c.name(), "voice_start_time",
						1767225600L));
			}
		}
		this.sim.dispatchTo(session, DispatchTemplate.of("CHANNEL_INFO",
				this.sim.world.string(obj("guild_id", Long.toString(g.id()), "channels", channels))));
	}

}
