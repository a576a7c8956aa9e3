package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link GatewayCommands} of a {@link ShardManager} with real shards against the simulator over loopback: each
 * command on the shard that owns its guild, and member requests assembled from their chunks.
 */
@Timeout(120)
class GatewayCommandsTests {

	private GatewaySimulator sim;

	private ShardManager manager;

	private final List<GatewayDispatch> received = new CopyOnWriteArrayList<>();

	@AfterEach
	void tearDown() {
		if (this.manager != null) {
			this.manager.shutdown().block(Duration.ofSeconds(20));
		}
		if (this.sim != null) {
			this.sim.close();
		}
	}

	private GatewaySimulator.Builder simulator(int maxConcurrency, int recommendedShards) {
		return ShardManagerTests.simulator(maxConcurrency, recommendedShards);
	}

	private ShardManager.Builder manager(GatewaySimulator sim) {
		return ShardManagerTests.manager(sim, this.received::add);
	}

	private void startAll(int shards) {
		this.manager.start().block(Duration.ofSeconds(60));
		awaitConnected(shards);
	}

	private void awaitConnected(int shards) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.manager.states().get(ShardState.CONNECTED) == shards);
	}

	@Test
	void commandsGoToTheShardThatOwnsTheGuild() {
		this.sim = simulator(4, 4).guilds(12).build().start();
		this.manager = manager(this.sim).build();
		startAll(4);
		List<Long> guilds = this.sim.guildIds().stream().map(Long::parseUnsignedLong).toList();
		long guild = guilds.get(0);
		int owner = this.manager.shardFor(guild);
		assertThat(owner).isEqualTo(GatewaySimulator.shardFor(Long.toUnsignedString(guild), 4));

		this.manager.commands().updateVoiceState(guild, null, false, true).block(Duration.ofSeconds(5));
		this.manager.commands()
			.requestChannelInfo(guild, List.of("status", "voice_start_time"))
			.block(Duration.ofSeconds(5));
		this.manager.commands().requestSoundboardSounds(guilds).block(Duration.ofSeconds(5));
		this.manager.commands().updatePresence(UpdatePresence.of("idle", UpdatePresence.Activity.playing("tests")))
			.block(Duration.ofSeconds(5));
		this.manager.commands().updatePresence(2, UpdatePresence.of("dnd", null)).block(Duration.ofSeconds(5));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<Integer, List<SimulatorLog.Command>> commands = commandsByShard();
			assertThat(commands.get(owner)).extracting(SimulatorLog.Command::op).contains(4, 43);
			for (int shard = 0; shard < 4; shard++) {
				List<SimulatorLog.Command> own = commands.getOrDefault(shard, List.of());
				assertThat(own.stream().filter((c) -> c.op() == 3).count()).isEqualTo((shard == 2) ? 2 : 1);
				if (shard != owner) {
					assertThat(own).extracting(SimulatorLog.Command::op).doesNotContain(4, 43);
				}
			}
			// One op 31 per shard, listing exactly the guilds that shard owns.
			assertThat(received(("SOUNDBOARD_SOUNDS"))).hasSize(guilds.size());
			assertThat(received("CHANNEL_INFO")).hasSize(1).allSatisfy((d) -> assertThat(d.shardId()).isEqualTo(owner));
			assertThat(received("VOICE_STATE_UPDATE")).isNotEmpty();
		});
		for (GatewayDispatch sounds : received("SOUNDBOARD_SOUNDS")) {
			long soundGuild = Long.parseUnsignedLong(
					sounds.json().replaceAll(".*\"guild_id\":\"(\\d+)\".*", "$1"));
			assertThat(sounds.shardId()).isEqualTo(ShardManager.shardFor(soundGuild, 4));
		}
		long op31 = commandsByShard().values().stream().flatMap(List::stream).filter((c) -> c.op() == 31).count();
		assertThat(op31).isEqualTo(guilds.stream().map((g) -> ShardManager.shardFor(g, 4)).distinct().count());
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void sendingForAGuildOfAnotherProcessFailsClearly() {
		this.sim = simulator(1, 2).guilds(8).build().start();
		this.manager = manager(this.sim).totalShards(2).shards(ShardSelection.of(0)).build();
		this.manager.start().block(Duration.ofSeconds(30));
		awaitConnected(1);
		long foreign = this.sim.guildIds().stream().map(Long::parseUnsignedLong)
			.filter((g) -> ShardManager.shardFor(g, 2) == 1).findFirst().get();
		assertThatThrownBy(() -> this.manager.commands().updateVoiceState(foreign, null, false, false).block())
			.isInstanceOf(GatewayException.class)
			.hasMessageContaining("belongs to shard 1");
	}

	@Test
	void memberRequestsAssembleAllChunksAndASecondAllMembersRequestIsRateLimited() {
		this.sim = simulator(1, 2).guilds(4).guildMembers(0, 3_500).build().start();
		this.manager = manager(this.sim).build();
		startAll(2);
		long guild = Long.parseUnsignedLong(this.sim.guildIds().get(0));
		GuildMembers members = this.manager.commands().requestGuildMembers(GuildMembersRequest.all(guild))
			.block(Duration.ofSeconds(20));
		assertThat(members.guildId()).isEqualTo(guild);
		assertThat(members.chunkCount()).isEqualTo(4);
		assertThat(members.members()).hasSize(3_500);
		assertThat(members.members().stream().map((m) -> m.path("user").path("id").asString()).distinct().count())
			.isEqualTo(3_500);
		// The user's sink still sees every chunk (the request completes as the last chunk passes through the
		// collector, just before the sink's delivery thread hands that chunk on).
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(received("GUILD_MEMBERS_CHUNK")).hasSize(4));

		assertThatThrownBy(() -> this.manager.commands().requestGuildMembers(GuildMembersRequest.all(guild))
			.block(Duration.ofSeconds(20)))
			.isInstanceOfSatisfying(MemberRequestRateLimitedException.class, (ex) -> {
				assertThat(ex.guildId()).isEqualTo(guild);
				assertThat(ex.retryAfter()).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(30));
			});

		// By user id: a non-member comes back in not_found.
		String member = members.members().get(0).path("user").path("id").asString();
		GuildMembers some = this.manager.commands()
			.requestGuildMembers(GuildMembersRequest.users(guild, List.of(Long.parseUnsignedLong(member), 42L)))
			.block(Duration.ofSeconds(20));
		assertThat(some.members()).hasSize(1);
		assertThat(some.notFound()).containsExactly("42");
	}

	@Test
	void aMemberRequestWithoutAnswerTimesOutCleanly() {
		this.sim = simulator(1, 1).guilds(2).build().start();
		this.manager = manager(this.sim).build();
		startAll(1);
		long guild = Long.parseUnsignedLong(this.sim.guildIds().get(0));
		// A guild the simulator does not know: it records the request and never answers, so the timeout is the only
		// possible outcome on any machine (a known guild's answer would race the timer).
		long unknown = 42L;
		assertThatThrownBy(() -> this.manager.commands()
			.requestGuildMembers(GuildMembersRequest.query(unknown, "zz", 10), Duration.ofMillis(200))
			.block(Duration.ofSeconds(10)))
			.isInstanceOf(MemberRequestTimeoutException.class)
			.hasMessageContaining("timed out after 200 ms");
		assertThat(this.sim.violations()).extracting(SimulatorLog.Violation::rule)
			.containsExactly("op 8 unknown guild");
		// A chunk that comes late for the abandoned request is ignored, and the next request still works.
		String late = commandsByShard().get(0).stream().filter((c) -> c.op() == 8).findFirst().orElseThrow().d()
			.replaceAll(".*\"nonce\":\"([^\"]+)\".*", "$1");
		this.sim.dispatchRaw("GUILD_MEMBERS_CHUNK", "{\"guild_id\":\"42\",\"members\":[],\"chunk_index\":0,"
				+ "\"chunk_count\":1,\"nonce\":\"" + late + "\"}", 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> received("GUILD_MEMBERS_CHUNK").size() == 1);
		GuildMembers none = this.manager.commands().requestGuildMembers(GuildMembersRequest.query(guild, "zz", 10))
			.block(Duration.ofSeconds(10));
		assertThat(none.chunkCount()).isEqualTo(1);
		// the sink sees the answer's chunk just after the request completed
		await().atMost(Duration.ofSeconds(10)).until(() -> received("GUILD_MEMBERS_CHUNK").size() == 2);
	}

	private Map<Integer, List<SimulatorLog.Command>> commandsByShard() {
		Map<Integer, List<SimulatorLog.Command>> byShard = new java.util.TreeMap<>();
		for (SimulatorLog.Connection c : this.sim.connections()) {
			if (c.shard() != null) {
				byShard.computeIfAbsent(c.shard(), (k) -> new ArrayList<>()).addAll(c.commands());
			}
		}
		return byShard;
	}

	private List<GatewayDispatch> received(String type) {
		return this.received.stream().filter((d) -> d.type().equals(type)).toList();
	}

}
