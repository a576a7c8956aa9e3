/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client commands that need a session: op 3, op 4, op 8, op 31, op 43.
 */
class CommandTests {

	private GatewaySimulator sim;

	private BareClient client;

	private String guildId;

	private void start(GatewaySimulator.Builder builder) {
		this.sim = builder.identifyWindow(Duration.ZERO).guilds(1).build().start();
		this.client = BareClient.connect(this.sim);
		this.client.awaitOp(10);
		this.client.identify("test-token", 0, 1, 513 | 2 | 256);
		this.client.awaitDispatch("GUILD_CREATE");
		this.guildId = this.sim.guildIds().get(0);
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	@Test
	void presenceUpdateIsRecordedWithoutReply() {
		start(GatewaySimulator.builder());
		this.client.send("{\"op\":3,\"d\":{\"since\":null,\"activities\":[{\"name\":\"x\",\"type\":0}],\"status\":\"idle\",\"afk\":false}}");
		this.client.heartbeat(2L);
		this.client.awaitOp(11);
		List<SimulatorLog.Command> commands = this.sim.log().connections().get(0).commands();
		assertThat(commands).extracting(SimulatorLog.Command::op).containsExactly(2, 3, 1);
		assertThat(commands.get(1).d()).contains("\"idle\"");
		assertThat(this.client.dispatches()).hasSize(2);
	}

	@Test
	void voiceStateUpdateAnswersBothEvents() {
		start(GatewaySimulator.builder());
		String voice = null;
		JsonNode guild = this.client.awaitDispatch("GUILD_CREATE").path("d");
		for (JsonNode c : guild.path("channels")) {
			if (c.path("type").asInt() == 2) {
				voice = c.path("id").asString();
			}
		}
		this.client.send("{\"op\":4,\"d\":{\"guild_id\":\"" + this.guildId + "\",\"channel_id\":\"" + voice
				+ "\",\"self_mute\":false,\"self_deaf\":true}}");
		JsonNode state = this.client.awaitDispatch("VOICE_STATE_UPDATE").path("d");
		JsonNode server = this.client.awaitDispatch("VOICE_SERVER_UPDATE").path("d");
		assertThat(state.path("channel_id").asString()).isEqualTo(voice);
		assertThat(state.path("self_deaf").asBoolean()).isTrue();
		assertThat(state.path("user_id").asString()).isEqualTo(this.sim.botUserId());
		assertThat(server.path("guild_id").asString()).isEqualTo(this.guildId);
		assertThat(server.path("token").asString()).isNotEmpty();
	}

	@Test
	void requestAllMembersIsChunkedAndRateLimited() {
		start(GatewaySimulator.builder().guildMembers(0, 3500));
		this.client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + this.guildId
				+ "\",\"query\":\"\",\"limit\":0,\"nonce\":\"abc\",\"presences\":true}}");
		await().until(() -> chunks().size() == 4);
		List<JsonNode> chunks = chunks();
		assertThat(chunks).extracting((n) -> n.path("d").path("chunk_index").asInt()).containsExactly(0, 1, 2, 3);
		assertThat(chunks).allMatch((n) -> n.path("d").path("chunk_count").asInt() == 4);
		assertThat(chunks).allMatch((n) -> n.path("d").path("nonce").asString().equals("abc"));
		assertThat(chunks).extracting((n) -> n.path("d").path("members").size()).containsExactly(1000, 1000, 1000, 500);
		assertThat(chunks.get(0).path("d").path("presences").size()).isGreaterThan(0);
		this.client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + this.guildId + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"again\"}}");
		JsonNode limited = this.client.awaitDispatch("RATE_LIMITED").path("d");
		assertThat(limited.path("opcode").asInt()).isEqualTo(8);
		// what is left of the 30 s window since the first request (how much is left depends on the machine's speed)
		assertThat(limited.path("retry_after").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(30);
		assertThat(limited.path("meta").path("guild_id").asString()).isEqualTo(this.guildId);
		assertThat(limited.path("meta").path("nonce").asString()).isEqualTo("again");
		assertThat(chunks()).hasSize(4);
	}

	@Test
	void requestByUserIdsReportsNotFound() {
		start(GatewaySimulator.builder());
		JsonNode member = this.client.awaitDispatch("GUILD_CREATE").path("d").path("members").get(1);
		String known = member.path("user").path("id").asString();
		this.client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + this.guildId + "\",\"user_ids\":[\"" + known
				+ "\",\"42\"],\"nonce\":\"n1\"}}");
		JsonNode chunk = this.client.awaitDispatch("GUILD_MEMBERS_CHUNK").path("d");
		assertThat(chunk.path("members").size()).isEqualTo(1);
		assertThat(chunk.path("members").get(0).path("user").path("id").asString()).isEqualTo(known);
		assertThat(chunk.path("not_found").get(0).asString()).isEqualTo("42");
		assertThat(chunk.path("chunk_count").asInt()).isEqualTo(1);
	}

	@Test
	void soundboardSoundsPerGuild() {
		start(GatewaySimulator.builder());
		this.client.send("{\"op\":31,\"d\":{\"guild_ids\":[\"" + this.guildId + "\"]}}");
		JsonNode d = this.client.awaitDispatch("SOUNDBOARD_SOUNDS").path("d");
		assertThat(d.path("guild_id").asString()).isEqualTo(this.guildId);
		assertThat(d.path("soundboard_sounds").size()).isEqualTo(1);
	}

	@Test
	void channelInfo() {
		start(GatewaySimulator.builder());
		this.client.send("{\"op\":43,\"d\":{\"guild_id\":\"" + this.guildId + "\",\"fields\":[\"status\",\"voice_start_time\"]}}");
		JsonNode d = this.client.awaitDispatch("CHANNEL_INFO").path("d");
		assertThat(d.path("guild_id").asString()).isEqualTo(this.guildId);
		assertThat(d.path("channels").size()).isEqualTo(2);
		assertThat(d.path("channels").get(0).has("voice_start_time")).isTrue();
	}

	private List<JsonNode> chunks() {
		return this.client.dispatches()
			.stream()
			.filter((n) -> n.path("t").asString().equals("GUILD_MEMBERS_CHUNK"))
			.toList();
	}

}
