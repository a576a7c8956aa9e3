/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Two layouts connected at once (shards 0-1 of 2 and 0-3 of 4, as during a re-shard): events routed by guild reach
 * the owning session of each layout exactly once and in order, direct messages reach shard 0 of each, and the
 * re-sharding controls ({@code recommendedShards}, {@code closeLayout}) in Java and over the control API.
 */
class LayoutRoutingTests {

	private static final int GUILDS = 16;

	private static final String DIRECT_MESSAGE = "{\"type\":0,\"tts\":false,\"timestamp\":"
			+ "\"2026-01-01T00:00:00.000000+00:00\",\"pinned\":false,\"mentions\":[],\"mention_roles\":[],"
			+ "\"mention_everyone\":false,\"id\":\"1455000000000000001\",\"flags\":0,\"embeds\":[],"
			+ "\"edited_timestamp\":null,\"content\":\"a direct message\",\"components\":[],\"channel_type\":1,"
			+ "\"channel_id\":\"1455000000000000002\",\"author\":{\"id\":\"1455000000000000003\","
			+ "\"username\":\"someone\",\"global_name\":null,\"avatar\":null,\"discriminator\":\"0\","
			+ "\"public_flags\":0},\"attachments\":[]}";

	private final HttpClient http = HttpClient.newHttpClient();

	/** Clients by shard count, each list indexed by shard id. */
	private final Map<Integer, List<BareClient>> layouts = new TreeMap<>();

	private final List<BareClient> clients = new ArrayList<>();

	private GatewaySimulator sim;

	@BeforeEach
	void start() {
		this.sim = GatewaySimulator.builder()
			.identifyWindow(Duration.ZERO)
			.guilds(GUILDS)
			.recommendedShards(2)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach(BareClient::close);
		this.sim.close();
	}

	// ---- routing -------------------------------------------------------------------------------------------

	@Test
	void streamedGuildMessagesReachTheOwningShardOfEachLayoutOnceAndInOrder() throws Exception {
		connectLayout(2);
		connectLayout(4);
		assertThat(this.sim.connectedLayouts()).isEqualTo(Map.of(2, List.of(0, 1), 4, List.of(0, 1, 2, 3)));
		assertThat(this.sim.streamGuildMessages(200, 0).get(30, TimeUnit.SECONDS)).isEqualTo(200);
		await().until(() -> messageCount(2) == 200 && messageCount(4) == 200);
		Map<String, JsonNode> byIdOf2 = assertLayoutGotEveryMessageOnceInOrder(2, expectedPerGuild(200));
		Map<String, JsonNode> byIdOf4 = assertLayoutGotEveryMessageOnceInOrder(4, expectedPerGuild(200));
		// one event per message: the same payload (id, content, channel, author) went to both layouts
		assertThat(byIdOf4).isEqualTo(byIdOf2);
		for (JsonNode d : byIdOf2.values()) {
			int guild = this.sim.guildIds().indexOf(d.path("guild_id").asString());
			assertThat(d.path("type").asInt()).isZero();
			assertThat(this.sim.textChannelIds(guild)).contains(d.path("channel_id").asString());
			assertThat(d.path("author").path("id").asString()).isNotEmpty();
			assertThat(d.path("member").path("joined_at").asString()).isNotEmpty();
		}
		assertThat(this.sim.dispatchedCount("MESSAGE_CREATE")).isEqualTo(400);
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void secondStreamGoesOnCountingPerGuild() throws Exception {
		connectLayout(2);
		this.sim.streamGuildMessages(20, 0).get(30, TimeUnit.SECONDS);
		this.sim.streamGuildMessages(20, 0).get(30, TimeUnit.SECONDS);
		await().until(() -> messageCount(2) == 40);
		// each call starts at guild 0 (guilds 0-3 get 2 messages per call, the others 1) and the second call's
		// numbers go on from the first's: 1..4 and 1..2
		Map<String, Integer> expected = new LinkedHashMap<>();
		for (int g = 0; g < GUILDS; g++) {
			expected.put(this.sim.guildIds().get(g), (g < 4) ? 4 : 2);
		}
		assertLayoutGotEveryMessageOnceInOrder(2, expected);
	}

	@Test
	void dispatchToGuildReachesTheOwnerInEachLayoutWithItsOwnSequence() {
		connectLayout(2);
		connectLayout(4);
		String guild = this.sim.guildIds().get(5);
		// any snowflake is routed by the formula, not only the world's guilds
		String foreign = "81384788765712384";
		List<Long> seqs = this.sim.dispatchToGuild("TYPING_START", guild, typing(guild));
		List<Long> foreignSeqs = this.sim.dispatchToGuild("TYPING_START", foreign, typing(foreign));
		assertThat(seqs).hasSize(2);
		assertThat(foreignSeqs).hasSize(2);
		fence();
		for (int shards : List.of(2, 4)) {
			for (int shard = 0; shard < shards; shard++) {
				BareClient client = this.layouts.get(shards).get(shard);
				List<JsonNode> typing = ofType(client, "TYPING_START");
				List<String> expected = new ArrayList<>();
				if (GatewaySimulator.shardFor(guild, shards) == shard) {
					expected.add(guild);
				}
				if (GatewaySimulator.shardFor(foreign, shards) == shard) {
					expected.add(foreign);
				}
				assertThat(typing).as("layout %d shard %d", shards, shard)
					.extracting((n) -> n.path("d").path("guild_id").asString())
					.containsExactlyElementsOf(expected);
				if (GatewaySimulator.shardFor(guild, shards) == shard) {
					// seqs are ordered by shard count: [2-shard layout, 4-shard layout]
					assertThat(typing.get(0).path("s").asLong()).isEqualTo(seqs.get((shards == 2) ? 0 : 1));
				}
			}
		}
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void directMessageGoesToShardZeroOfEachLayoutOnly() {
		connectLayout(2);
		connectLayout(4);
		List<Long> seqs = this.sim.dispatchDirect("MESSAGE_CREATE", DIRECT_MESSAGE);
		assertThat(seqs).hasSize(2);
		fence();
		for (int shards : List.of(2, 4)) {
			for (int shard = 0; shard < shards; shard++) {
				List<JsonNode> messages = ofType(this.layouts.get(shards).get(shard), "MESSAGE_CREATE");
				if (shard == 0) {
					assertThat(messages).as("layout %d shard 0", shards).singleElement().satisfies((m) -> {
						assertThat(m.path("d").path("content").asString()).isEqualTo("a direct message");
						assertThat(m.path("d").has("guild_id")).isFalse();
						assertThat(m.path("s").asLong()).isEqualTo(seqs.get((shards == 2) ? 0 : 1));
					});
				}
				else {
					assertThat(messages).as("layout %d shard %d", shards, shard).isEmpty();
				}
			}
		}
	}

	@Test
	void sessionBetweenIdentifyAndReadyGetsNoRoutedEvent() {
		// a session as IDENTIFY creates it, before its READY (no connection: dispatches are buffered)
		Session session = this.sim.newSession(1, 2, 513, 50, "none");
		String guild = this.sim.guildIds().get(1);
		assertThat(GatewaySimulator.shardFor(guild, 2)).isEqualTo(1);
		assertThat(this.sim.dispatchToGuild("TYPING_START", guild, typing(guild))).isEmpty();
		assertThat(this.sim.dispatchDirect("MESSAGE_CREATE", DIRECT_MESSAGE)).isEmpty();
		assertThat(session.sequence()).isZero();
		this.sim.sendReady(session, true);
		long guildCreates = this.sim.guildIds().stream().filter((g) -> GatewaySimulator.shardFor(g, 2) == 1).count();
		assertThat(this.sim.dispatchToGuild("TYPING_START", guild, typing(guild))).containsExactly(guildCreates + 2);
		assertThat(this.sim.dispatched(1)).extracting(SimulatorLog.Dispatch::type).first().isEqualTo("READY");
	}

	@Test
	void perSessionDispatchWorksAsBefore() throws Exception {
		connectLayout(2);
		connectLayout(4);
		// count per session, each from the session's own guilds
		assertThat(this.sim.dispatch("MESSAGE_CREATE", 10, null, null).get(30, TimeUnit.SECONDS)).isEqualTo(60);
		await().until(() -> messageCount(2) == 20 && messageCount(4) == 40);
		for (int shards : List.of(2, 4)) {
			for (int shard = 0; shard < shards; shard++) {
				int s = shard;
				BareClient client = this.layouts.get(shards).get(shard);
				assertThat(ofType(client, "MESSAGE_CREATE")).hasSize(10)
					.allSatisfy((m) -> assertThat(
							GatewaySimulator.shardFor(m.path("d").path("guild_id").asString(), shards)).isEqualTo(s));
				assertConsecutiveSequences(client);
			}
		}
		// a shard id still means that shard id in every layout
		assertThat(this.sim.dispatch("TYPING_START", 5, 1, null).get(30, TimeUnit.SECONDS)).isEqualTo(10);
		await().until(() -> ofType(this.layouts.get(2).get(1), "TYPING_START").size() == 5
				&& ofType(this.layouts.get(4).get(1), "TYPING_START").size() == 5);
		fence();
		assertThat(ofType(this.layouts.get(4).get(2), "TYPING_START")).isEmpty();
	}

	@Test
	void layoutConnectingDuringAStreamGetsEveryMessageAfterItsGuildCreates() throws Exception {
		connectLayout(2);
		CompletableFuture<Long> stream = this.sim.streamGuildMessages(4000, 1000);
		await().until(() -> messageCount(2) >= 100);
		connectLayout(4);
		assertThat(stream).as("the 4-shard layout connected while the stream ran").isNotDone();
		assertThat(stream.get(30, TimeUnit.SECONDS)).isEqualTo(4000);
		await().until(() -> messageCount(2) == 4000);
		assertLayoutGotEveryMessageOnceInOrder(2, expectedPerGuild(4000));
		Map<String, List<Long>> numbers = new TreeMap<>();
		for (int shard = 0; shard < 4; shard++) {
			List<JsonNode> dispatches = this.layouts.get(4).get(shard).dispatches();
			assertThat(dispatches.get(0).path("t").asString()).isEqualTo("READY");
			int lastGuildCreate = lastIndexOf(dispatches, "GUILD_CREATE");
			int firstMessage = firstIndexOf(dispatches, "MESSAGE_CREATE");
			assertThat(firstMessage).as("shard %d got messages", shard).isPositive();
			assertThat(firstMessage).isGreaterThan(lastGuildCreate);
			for (JsonNode m : ofType(this.layouts.get(4).get(shard), "MESSAGE_CREATE")) {
				String content = m.path("d").path("content").asString();
				numbers.computeIfAbsent(m.path("d").path("guild_id").asString(), (k) -> new ArrayList<>())
					.add(Long.parseLong(content.substring(content.indexOf('#') + 1)));
			}
		}
		// from its first message on, every guild's messages arrived without a gap up to the last one
		Map<String, Integer> last = expectedPerGuild(4000);
		assertThat(numbers.keySet()).containsExactlyInAnyOrderElementsOf(last.keySet());
		numbers.forEach((guild, ns) -> {
			long first = ns.get(0);
			assertThat(ns).as(guild).containsExactlyElementsOf(
					IntStream.rangeClosed((int) first, last.get(guild)).mapToObj(Long::valueOf).toList());
		});
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void rateLimitedStreamIsPacedAndArgumentsAreChecked() throws Exception {
		connectLayout(4);
		long started = System.nanoTime();
		assertThat(this.sim.streamGuildMessages(50, 500).get(30, TimeUnit.SECONDS)).isEqualTo(50);
		// the 50th is due 49/500 s after the first
		assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(95));
		await().until(() -> messageCount(4) == 50);
		assertThat(this.sim.streamGuildMessages(0, 0).get(10, TimeUnit.SECONDS)).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> this.sim.streamGuildMessages(-1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.sim.streamGuildMessages(1, -1));
	}

	// ---- re-sharding controls -------------------------------------------------------------------------

	@Test
	void recommendedShardsChangesGatewayBotAtRunTime() throws Exception {
		assertThat(gatewayBotShards()).isEqualTo(2);
		this.sim.recommendedShards(4);
		assertThat(this.sim.recommendedShards()).isEqualTo(4);
		assertThat(gatewayBotShards()).isEqualTo(4);
		HttpResponse<String> r = call("POST", this.sim.controlUrl() + "/recommended-shards", "{\"shards\":8}");
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(json(r).path("shards").asInt()).isEqualTo(8);
		assertThat(gatewayBotShards()).isEqualTo(8);
		assertThat(call("POST", this.sim.controlUrl() + "/recommended-shards", "{\"shards\":0}").statusCode())
			.isEqualTo(400);
		assertThatIllegalArgumentException().isThrownBy(() -> this.sim.recommendedShards(0));
		assertThat(gatewayBotShards()).isEqualTo(8);
	}

	@Test
	void closeLayoutWith4011ClosesOnlyThatLayoutAndItsSessionsCannotResume() throws Exception {
		connectLayout(2);
		connectLayout(4);
		List<String> closedSessions = new ArrayList<>();
		List<Long> closedSeqs = new ArrayList<>();
		for (BareClient client : this.layouts.get(2)) {
			closedSessions.add(client.dispatches().get(0).path("d").path("session_id").asString());
			closedSeqs.add(client.lastSeq());
		}
		assertThat(this.sim.closeLayout(2, 4011)).isEqualTo(2);
		for (BareClient client : this.layouts.get(2)) {
			assertThat(client.awaitClose()).isEqualTo(4011);
			assertThat(client.closeStatus.get().reasonText()).isEqualTo("Sharding required.");
		}
		await().until(() -> this.sim.connectedLayouts().equals(Map.of(4, List.of(0, 1, 2, 3))));
		assertThat(this.sim.sessionIds()).doesNotContainAnyElementsOf(closedSessions).hasSize(4);
		assertThat(this.sim.log().connections())
			.filteredOn((c) -> c.close() != null && Integer.valueOf(4011).equals(c.close().code()))
			.hasSize(2)
			.allSatisfy((c) -> assertThat(c.close().by()).isEqualTo("server"))
			.extracting(SimulatorLog.Connection::sessionId)
			.containsExactlyInAnyOrderElementsOf(closedSessions);
		// 4011 cannot be resumed: op 9 d=false, like Discord
		for (int i = 0; i < 2; i++) {
			BareClient resuming = track(new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json"));
			resuming.awaitOp(10);
			resuming.resume(this.sim.token(), closedSessions.get(i), closedSeqs.get(i));
			assertThat(resuming.awaitOp(9).path("d").asBoolean(true)).isFalse();
			assertThat(resuming.dispatches()).isEmpty();
		}
		assertThat(this.sim.resumes()).extracting(SimulatorLog.Resume::outcome)
			.containsExactly("INVALID_SESSION", "INVALID_SESSION");
		// the 4-shard layout stayed connected and still gets its guilds' events
		for (BareClient client : this.layouts.get(4)) {
			assertThat(client.closeStatus.get()).isNull();
			assertThat(client.terminated.get()).isFalse();
		}
		assertThat(this.sim.streamGuildMessages(32, 0).get(30, TimeUnit.SECONDS)).isEqualTo(32);
		await().until(() -> messageCount(4) == 32);
		assertLayoutGotEveryMessageOnceInOrder(4, expectedPerGuild(32));
		assertThat(this.sim.closeLayout(2, 4011)).isZero();
		assertThat(this.sim.violations()).isEmpty();
	}

	@Test
	void controlApiClosesALayoutResumablyAndItsSessionsReplayWhatWasRoutedMeanwhile() throws Exception {
		connectLayout(2);
		connectLayout(4);
		BareClient shard3 = this.layouts.get(4).get(3);
		String sessionId = shard3.dispatches().get(0).path("d").path("session_id").asString();
		long seq = shard3.lastSeq();
		HttpResponse<String> r = call("POST", this.sim.controlUrl() + "/close-layout", "{\"shards\":4,\"code\":4000}");
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(json(r).path("closed").asInt()).isEqualTo(4);
		for (BareClient client : this.layouts.get(4)) {
			assertThat(client.awaitClose()).isEqualTo(4000);
		}
		await().until(() -> json(call("GET", this.sim.controlUrl() + "/layouts", null)).equals(
				BareClient.JSON.readTree("{\"2\":[0,1]}")));
		// disconnected but resumable: the 4-shard sessions buffer what is routed to them
		assertThat(this.sim.streamGuildMessages(16, 0).get(30, TimeUnit.SECONDS)).isEqualTo(16);
		assertThat(this.sim.dispatchDirect("MESSAGE_CREATE", DIRECT_MESSAGE)).hasSize(2);
		BareClient resumed = track(new BareClient(this.sim.resumeGatewayUrl() + "?v=10&encoding=json"));
		resumed.awaitOp(10);
		resumed.resume(this.sim.token(), sessionId, seq);
		resumed.awaitDispatch("RESUMED");
		// shard 3 of 4 owns 4 of the 16 guilds: one message each (no direct message: not shard 0), replayed in
		// sequence after the client's last, then RESUMED
		List<String> owned = this.sim.guildIds().stream().filter((g) -> GatewaySimulator.shardFor(g, 4) == 3).toList();
		assertThat(owned).hasSize(4);
		List<JsonNode> replayed = resumed.dispatches();
		assertThat(replayed).extracting((n) -> n.path("s").asLong())
			.containsExactly(seq + 1, seq + 2, seq + 3, seq + 4, seq + 5);
		assertThat(replayed.subList(0, 4)).extracting((n) -> n.path("d").path("content").asString())
			.containsExactlyElementsOf(owned.stream().map((g) -> g + "#1").toList());
		assertThat(replayed.get(4).path("t").asString()).isEqualTo("RESUMED");
		assertThat(this.sim.connectedLayouts()).isEqualTo(Map.of(2, List.of(0, 1), 4, List.of(3)));
		assertThat(this.sim.resumes()).extracting(SimulatorLog.Resume::outcome).containsExactly("RESUMED");
		assertThat(call("POST", this.sim.controlUrl() + "/close-layout", "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void controlApiRoutesByGuild() throws Exception {
		connectLayout(2);
		connectLayout(4);
		HttpResponse<String> r = call("POST", this.sim.controlUrl() + "/guild-messages",
				"{\"count\":32,\"wait\":true}");
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(json(r).path("dispatched").asLong()).isEqualTo(32);
		await().until(() -> messageCount(2) == 32 && messageCount(4) == 32);
		assertLayoutGotEveryMessageOnceInOrder(2, expectedPerGuild(32));
		assertLayoutGotEveryMessageOnceInOrder(4, expectedPerGuild(32));
		String guild = this.sim.guildIds().get(2);
		r = call("POST", this.sim.controlUrl() + "/guild-dispatch",
				"{\"type\":\"TYPING_START\",\"guildId\":\"" + guild + "\",\"d\":" + typing(guild) + "}");
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(json(r).path("dispatched").asInt()).isEqualTo(2);
		r = call("POST", this.sim.controlUrl() + "/direct-dispatch",
				"{\"type\":\"MESSAGE_CREATE\",\"d\":" + DIRECT_MESSAGE + "}");
		assertThat(json(r).path("dispatched").asInt()).isEqualTo(2);
		assertThat(call("POST", this.sim.controlUrl() + "/guild-dispatch",
				"{\"type\":\"TYPING_START\",\"guildId\":\"not-a-snowflake\",\"d\":{}}").statusCode()).isEqualTo(400);
		assertThat(call("POST", this.sim.controlUrl() + "/guild-messages", "{\"count\":-1}").statusCode())
			.isEqualTo(400);
		fence();
		assertThat(ofType(this.layouts.get(2).get(0), "TYPING_START")).singleElement()
			.satisfies((n) -> assertThat(n.path("d").path("guild_id").asString()).isEqualTo(guild));
		assertThat(ofType(this.layouts.get(4).get(2), "TYPING_START")).hasSize(1);
		JsonNode summary = json(call("GET", this.sim.controlUrl() + "/summary", null));
		assertThat(summary.path("layouts").path("4").size()).isEqualTo(4);
		assertThat(summary.path("sessions")).extracting((n) -> n.path("shards").asInt())
			.containsExactlyInAnyOrder(2, 2, 4, 4, 4, 4);
	}

	// ---- helpers ----------------------------------------------------------------------------------------

	/** Connects and identifies shards 0..shards-1 of {@code shards}, each up to its last GUILD_CREATE. */
	private void connectLayout(int shards) {
		List<BareClient> layout = new ArrayList<>();
		for (int shard = 0; shard < shards; shard++) {
			int s = shard;
			BareClient client = track(BareClient.connect(this.sim));
			client.awaitOp(10);
			client.identify(this.sim.token(), shard, shards, 513);
			long guilds = this.sim.guildIds().stream().filter((g) -> GatewaySimulator.shardFor(g, shards) == s).count();
			assertThat(guilds).isPositive();
			await().until(() -> ofType(client, "GUILD_CREATE").size() == guilds);
			layout.add(client);
		}
		this.layouts.put(shards, layout);
	}

	private BareClient track(BareClient client) {
		this.clients.add(client);
		return client;
	}

	/**
	 * Asserts that each session of the layout got only its own guilds' messages, with consecutive sequence
	 * numbers, and that each guild's contents are exactly {@code <id>#1..<id>#n}, in order.
	 * @return the messages' {@code d} by message id
	 */
	private Map<String, JsonNode> assertLayoutGotEveryMessageOnceInOrder(int shards, Map<String, Integer> expected) {
		Map<String, List<String>> contents = new TreeMap<>();
		Map<String, JsonNode> byId = new TreeMap<>();
		List<BareClient> layout = this.layouts.get(shards);
		for (int shard = 0; shard < shards; shard++) {
			BareClient client = layout.get(shard);
			assertConsecutiveSequences(client);
			for (JsonNode m : ofType(client, "MESSAGE_CREATE")) {
				JsonNode d = m.path("d");
				String guild = d.path("guild_id").asString();
				assertThat(GatewaySimulator.shardFor(guild, shards)).as("owner of %s in %d shards", guild, shards)
					.isEqualTo(shard);
				contents.computeIfAbsent(guild, (k) -> new ArrayList<>()).add(d.path("content").asString());
				assertThat(byId.put(d.path("id").asString(), d)).as("message id %s twice", d.path("id")).isNull();
			}
		}
		Map<String, List<String>> want = new TreeMap<>();
		expected.forEach((guild, n) -> want.put(guild,
				IntStream.rangeClosed(1, n).mapToObj((i) -> guild + "#" + i).toList()));
		assertThat(contents).as("layout of %d shards", shards).isEqualTo(want);
		return byId;
	}

	/** Messages per guild for one stream of {@code count}: round-robin from guild 0. */
	private Map<String, Integer> expectedPerGuild(int count) {
		Map<String, Integer> out = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			out.merge(this.sim.guildIds().get(i % GUILDS), 1, Integer::sum);
		}
		return out;
	}

	private static void assertConsecutiveSequences(BareClient client) {
		List<Long> seqs = client.dispatches().stream().map((n) -> n.path("s").asLong()).toList();
		assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
	}

	/**
	 * Sends one marker dispatch to every live session and waits until every client has it: anything dispatched
	 * before it has arrived by then (wire order is sequence order), so absence can be asserted.
	 */
	private void fence() {
		Set<String> sessions = new HashSet<>(this.sim.sessionIds());
		assertThat(this.sim.dispatchRaw("GUILD_AUDIT_LOG_ENTRY_CREATE", "{\"fence\":true}", null))
			.hasSize(sessions.size());
		for (List<BareClient> layout : this.layouts.values()) {
			for (BareClient client : layout) {
				if (client.closeStatus.get() == null && !client.terminated.get()) {
					await().until(() -> !ofType(client, "GUILD_AUDIT_LOG_ENTRY_CREATE").isEmpty());
				}
			}
		}
	}

	private int messageCount(int shards) {
		return this.layouts.get(shards).stream().mapToInt((c) -> ofType(c, "MESSAGE_CREATE").size()).sum();
	}

	private static List<JsonNode> ofType(BareClient client, String type) {
		return client.dispatches().stream().filter((n) -> type.equals(n.path("t").asString())).toList();
	}

	private static int firstIndexOf(List<JsonNode> dispatches, String type) {
		for (int i = 0; i < dispatches.size(); i++) {
			if (type.equals(dispatches.get(i).path("t").asString())) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndexOf(List<JsonNode> dispatches, String type) {
		int last = -1;
		for (int i = 0; i < dispatches.size(); i++) {
			if (type.equals(dispatches.get(i).path("t").asString())) {
				last = i;
			}
		}
		return last;
	}

	private static String typing(String guildId) {
		return "{\"user_id\":\"1455000000000000003\",\"timestamp\":1767225600,\"channel_id\":\"1455000000000000002\","
				+ "\"guild_id\":\"" + guildId + "\"}";
	}

	private int gatewayBotShards() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.sim.restBaseUrl() + "/gateway/bot"))
			.header("Authorization", "Bot " + this.sim.token())
			.GET()
			.build();
		HttpResponse<String> r = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(200);
		return json(r).path("shards").asInt();
	}

	private HttpResponse<String> call(String method, String url, String body) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			b.header("Content-Type", "application/json");
		}
		return this.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> r) {
		return BareClient.JSON.readTree(r.body());
	}

}
