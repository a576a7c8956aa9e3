package dev.shard.event;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.shard.gateway.GatewayDispatch;
import dev.shard.model.ChannelType;
import dev.shard.model.GuildMemberUpdate;
import dev.shard.model.Message;
import dev.shard.model.MessageType;
import dev.shard.model.ShardJson;
import dev.shard.model.Snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class EventBinderTests {

	private final EventBinder binder = EventBinder.shared();

	private static byte[] utf8(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void bindsMessageCreateWhateverTheFieldOrder() {
		String d = "{\"id\":\"1101234567890123456\",\"channel_id\":222197033908436994,\"content\":\"héllo\",\"type\":19,"
				+ "\"timestamp\":\"2024-04-02T19:45:07.123000+00:00\",\"author\":{\"id\":\"80351110224678912\",\"username\":\"nelly\"},"
				+ "\"some_new_field\":{\"x\":[1,2]}}";
		for (String frame : new String[] { "{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":42,\"d\":" + d + "}",
				"{\"d\":" + d + ",\"s\":42,\"t\":\"MESSAGE_CREATE\",\"op\":0}",
				"{\"s\":42,\"extra\":{\"d\":1},\"d\":" + d + ",\"op\":0,\"t\":\"MESSAGE_CREATE\"}" }) {
			GatewayEvent event = this.binder.bind(3, 42, "MESSAGE_CREATE", utf8(frame));
			assertThat(event).isInstanceOf(MessageCreateEvent.class);
			MessageCreateEvent created = (MessageCreateEvent) event;
			Message message = created.message();
			assertThat(created.shardId()).isEqualTo(3);
			assertThat(created.sequence()).isEqualTo(42);
			assertThat(created.type()).isEqualTo("MESSAGE_CREATE");
			assertThat(message.id()).isEqualTo(Snowflake.of("1101234567890123456"));
			assertThat(message.channelId()).isEqualTo(Snowflake.of(222197033908436994L));
			assertThat(message.content()).isEqualTo("héllo");
			assertThat(message.type()).isSameAs(MessageType.REPLY);
			assertThat(message.timestamp())
				.isEqualTo(OffsetDateTime.of(2024, 4, 2, 19, 45, 7, 123_000_000, ZoneOffset.UTC));
			assertThat(message.author().username()).isEqualTo("nelly");
			assertThat(message.extra()).containsOnlyKeys("some_new_field");
			assertThat(created.rawJson()).isEqualTo(frame);
			assertThat(created.rawData()).isEqualTo(d);
		}
	}

	@Test
	void bindsADispatchFromItsDataOffsetAsItWouldByScanning() {
		String d = "{\"id\":\"1\",\"channel_id\":\"2\",\"content\":\"h\u00e9llo \\\"d\\\":\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}";
		for (String json : new String[] { "{\"t\":\"MESSAGE_CREATE\",\"s\":42,\"op\":0,\"d\":" + d + "}",
				"{\"d\": " + d + " ,\"s\":42,\"t\":\"MESSAGE_CREATE\",\"op\":0}",
				"{\"s\":42,\"extra\":{\"d\":1},\"op\":0,\"t\":\"MESSAGE_CREATE\",\"d\":" + d + "}" }) {
			byte[] frame = utf8(json);
			int offset = utf8(json.substring(0, json.indexOf(d))).length;
			GatewayDispatch located = new GatewayDispatch(3, 42, "MESSAGE_CREATE", frame, offset, 0);
			GatewayDispatch unknown = new GatewayDispatch(3, 42, "MESSAGE_CREATE", frame, 0);
			assertThat(unknown.dataOffset()).isEqualTo(GatewayDispatch.UNKNOWN_DATA_OFFSET);
			for (GatewayDispatch dispatch : new GatewayDispatch[] { located, unknown }) {
				MessageCreateEvent event = (MessageCreateEvent) this.binder.bind(dispatch);
				assertThat(event.shardId()).isEqualTo(3);
				assertThat(event.sequence()).isEqualTo(42);
				assertThat(event.message().content()).isEqualTo("h\u00e9llo \"d\":");
				assertThat(event.message().author().username()).isEqualTo("u");
				assertThat(event.info().dataOffset()).isEqualTo(offset);
				assertThat(event.info().dataLength()).isEqualTo(utf8(d).length);
				assertThat(event.rawData()).isEqualTo(d);
				assertThat(event.rawJson()).isEqualTo(json);
				assertThat(event.info()).usingRecursiveComparison()
					.isEqualTo(((MessageCreateEvent) this.binder.bind(3, 42, "MESSAGE_CREATE", frame)).info());
			}
		}
	}

	@Test
	void aDataOffsetThatDoesNotStartAValueFallsBackToTheScan() {
		String json = "{\"t\":\"RESUMED\",\"s\":5,\"op\":0,\"d\":{\"_trace\":[\"gw\"]}}";
		byte[] frame = utf8(json);
		for (int offset : new int[] { -1, -7, 2, json.indexOf("5,"), frame.length, frame.length + 10 }) {
			ResumedEvent event = (ResumedEvent) this.binder.bind(new GatewayDispatch(0, 5, "RESUMED", frame, offset, 0));
			assertThat(event.resumed().extra()).containsKey("_trace");
			assertThat(event.rawData()).isEqualTo("{\"_trace\":[\"gw\"]}");
		}
	}

	@Test
	void aDispatchWithNullDataOrABadPayloadAtItsOffset() {
		String nullData = "{\"t\":\"RESUMED\",\"s\":5,\"op\":0,\"d\":null}";
		ResumedEvent resumed = (ResumedEvent) this.binder
			.bind(new GatewayDispatch(0, 5, "RESUMED", utf8(nullData), nullData.indexOf("null"), 0));
		assertThat(resumed.payload()).isNull();
		assertThat(resumed.rawData()).isEqualTo("null");
		String bad = "{\"t\":\"CHANNEL_CREATE\",\"s\":1,\"op\":0,\"d\":{\"id\":{\"not\":\"an id\"}}}";
		assertThatExceptionOfType(EventBindingException.class)
			.isThrownBy(() -> this.binder
				.bind(new GatewayDispatch(2, 1, "CHANNEL_CREATE", utf8(bad), bad.indexOf("{\"id\""), 0)))
			.satisfies((ex) -> {
				assertThat(ex.type()).isEqualTo("CHANNEL_CREATE");
				assertThat(ex.shardId()).isEqualTo(2);
				assertThat(ex.sequence()).isEqualTo(1);
			});
		// a message is bound field by field when read: a bad value fails when read, with its path
		String badMessage = bad.replace("CHANNEL_CREATE", "MESSAGE_CREATE");
		MessageCreateEvent message = (MessageCreateEvent) this.binder
			.bind(new GatewayDispatch(2, 1, "MESSAGE_CREATE", utf8(badMessage), badMessage.indexOf("{\"id\""), 0));
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> message.message().id())
			.withMessageContaining("Message[\"id\"]");
		String unknown = "{\"t\":\"SOMETHING_NEW\",\"s\":9,\"op\":0,\"d\":{}}";
		GatewayDispatch raw = new GatewayDispatch(1, 9, "SOMETHING_NEW", utf8(unknown), unknown.indexOf("{}"), 0);
		assertThat(this.binder.bind(raw)).isInstanceOf(RawDispatchEvent.class)
			.isEqualTo(RawDispatchEvent.of(raw))
			.satisfies((event) -> assertThat(((RawDispatchEvent) event).frame()).isSameAs(raw.frame()));
	}

	@Test
	void unknownTypeIsRawNeverAnException() {
		byte[] frame = utf8("{\"op\":0,\"t\":\"GUILD_JOIN_REQUEST_DELETE\",\"s\":9,\"d\":{\"whatever\":true}}");
		GatewayEvent event = this.binder.bind(1, 9, "GUILD_JOIN_REQUEST_DELETE", frame);
		assertThat(event).isInstanceOf(RawDispatchEvent.class);
		assertThat(event.type()).isEqualTo("GUILD_JOIN_REQUEST_DELETE");
		assertThat(event.sequence()).isEqualTo(9);
		assertThat(((RawDispatchEvent) event).frame()).isSameAs(frame);
		assertThat(this.binder.bind(1, 10, null, frame)).isInstanceOf(RawDispatchEvent.class);
	}

	@Test
	void badPayloadGivesBindingExceptionWithTypeAndSequenceButNoToken() {
		String secret = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQ";
		byte[] frame = utf8("{\"op\":0,\"t\":\"INTERACTION_CREATE\",\"s\":77,\"d\":{\"id\":\"1\",\"token\":\"" + secret
				+ "\",\"type\":{\"not\":\"an int\"}}}");
		assertThatExceptionOfType(EventBindingException.class).isThrownBy(() -> this.binder.bind(2, 77, "INTERACTION_CREATE", frame))
			.satisfies((ex) -> {
				assertThat(ex.type()).isEqualTo("INTERACTION_CREATE");
				assertThat(ex.sequence()).isEqualTo(77);
				assertThat(ex.shardId()).isEqualTo(2);
				assertThat(ex.getMessage()).contains("INTERACTION_CREATE", "77").doesNotContain(secret);
			});
		assertThatExceptionOfType(EventBindingException.class)
			.isThrownBy(() -> this.binder.bind(0, 1, "MESSAGE_CREATE", utf8("{\"op\":0,\"d\":{\"id\":\"x")));
		assertThatExceptionOfType(EventBindingException.class)
			.isThrownBy(() -> this.binder.bind(0, 1, "MESSAGE_CREATE", utf8("[1,2]")));
	}

	@Test
	void nullOrMissingDataGivesEventWithoutPayload() {
		GatewayEvent nullData = this.binder.bind(0, 5, "RESUMED", utf8("{\"t\":\"RESUMED\",\"s\":5,\"op\":0,\"d\":null}"));
		assertThat(nullData).isInstanceOf(ResumedEvent.class);
		assertThat(((ResumedEvent) nullData).payload()).isNull();
		assertThat(((ResumedEvent) nullData).rawData()).isEqualTo("null");
		GatewayEvent noData = this.binder.bind(0, 6, "RESUMED", utf8("{\"t\":\"RESUMED\",\"s\":6,\"op\":0}"));
		assertThat(((ResumedEvent) noData).resumed()).isNull();
		assertThat(((ResumedEvent) noData).rawData()).isNull();
		GatewayEvent trace = this.binder.bind(0, 7, "RESUMED", utf8("{\"t\":\"RESUMED\",\"s\":7,\"op\":0,\"d\":{\"_trace\":[\"gw\"]}}"));
		assertThat(((ResumedEvent) trace).resumed().extra()).containsKey("_trace");
	}

	@Test
	void partialUpdateKeepsAbsentAndNullApart() {
		byte[] frame = utf8("{\"op\":0,\"t\":\"GUILD_MEMBER_UPDATE\",\"s\":1,\"d\":{\"guild_id\":\"1\",\"roles\":[],"
				+ "\"user\":{\"id\":\"2\"},\"nick\":null,\"premium_since\":\"2024-01-01T00:00:00+00:00\"}}");
		GuildMemberUpdate update = ((GuildMemberUpdateEvent) this.binder.bind(0, 1, "GUILD_MEMBER_UPDATE", frame)).update();
		assertThat(update.nick().isPresent()).isTrue();
		assertThat(update.nick().isNull()).isTrue();
		assertThat(update.avatar().isPresent()).isFalse();
		assertThat(update.communicationDisabledUntil().isPresent()).isFalse();
		assertThat(update.premiumSince().get().getYear()).isEqualTo(2024);
		JsonNode json = ShardJson.mapper().valueToTree(update);
		assertThat(json.has("nick")).isTrue();
		assertThat(json.get("nick").isNull()).isTrue();
		assertThat(json.has("avatar")).isFalse();
		assertThat(json.has("communication_disabled_until")).isFalse();
		assertThat(json.get("premium_since").asString()).startsWith("2024-01-01T00:00");
	}

	@Test
	void unknownEnumValuesAreKept() {
		byte[] frame = utf8("{\"op\":0,\"t\":\"CHANNEL_CREATE\",\"s\":1,\"d\":{\"id\":\"5\",\"type\":99}}");
		ChannelCreateEvent event = (ChannelCreateEvent) this.binder.bind(0, 1, "CHANNEL_CREATE", frame);
		assertThat(event.channel().type().isKnown()).isFalse();
		assertThat(event.channel().type().value()).isEqualTo(99);
		assertThat(event.channel().type().name()).isEqualTo("UNKNOWN(99)");
		assertThat(ChannelType.of(15)).isSameAs(ChannelType.GUILD_FORUM);
		assertThat(ShardJson.mapper().writeValueAsString(event.channel())).contains("\"type\":99");
	}

	@Test
	void secretsStayOutOfToString() {
		String token = "voice-token-abc123";
		byte[] frame = utf8("{\"op\":0,\"t\":\"VOICE_SERVER_UPDATE\",\"s\":1,\"d\":{\"token\":\"" + token
				+ "\",\"guild_id\":\"1\",\"endpoint\":\"x.discord.media\"}}");
		GatewayEvent event = this.binder.bind(0, 1, "VOICE_SERVER_UPDATE", frame);
		assertThat(((VoiceServerUpdateEvent) event).voiceServer().token()).isEqualTo(token);
		assertThat(event.toString()).doesNotContain(token).contains("[redacted]");
		byte[] interaction = utf8("{\"op\":0,\"t\":\"INTERACTION_CREATE\",\"s\":1,\"d\":{\"id\":\"1\",\"type\":2,\"token\":\"" + token + "\"}}");
		assertThat(this.binder.bind(0, 1, "INTERACTION_CREATE", interaction).toString()).doesNotContain(token);
	}

	@Test
	void realGuildCreateOfTwoPointEightMegabytesBinds() throws Exception {
		Path file = CorpusTests.locateCorpus().resolve("serenity/guild_create_1.json");
		assumeThat(file).as("the 2.8 MB sample is only in shared/corpus").exists();
		byte[] d = Files.readAllBytes(file);
		byte[] frame = new byte[d.length + 40];
		byte[] head = utf8("{\"op\":0,\"t\":\"GUILD_CREATE\",\"s\":2,\"d\":");
		System.arraycopy(head, 0, frame, 0, head.length);
		System.arraycopy(d, 0, frame, head.length, d.length);
		frame[head.length + d.length] = '}';
		byte[] exact = java.util.Arrays.copyOf(frame, head.length + d.length + 1);
		GuildCreateEvent event = (GuildCreateEvent) this.binder.bind(0, 2, "GUILD_CREATE", exact);
		assertThat(event.guild().members()).hasSizeGreaterThan(1000);
		assertThat(event.guild().channels()).isNotEmpty();
		assertThat(event.guild().presences()).isNotEmpty();
		// a rough figure only (shared machine, little warm-up); the JMH benchmark is the real measurement
		long best = Long.MAX_VALUE;
		for (int i = 0; i < 8; i++) {
			long start = System.nanoTime();
			this.binder.bind(0, 2, "GUILD_CREATE", exact);
			best = Math.min(best, System.nanoTime() - start);
		}
		System.out.printf("GUILD_CREATE %d bytes, %d members: best of 8 binds %.1f ms%n", exact.length,
				event.guild().members().size(), best / 1e6);
	}

}
