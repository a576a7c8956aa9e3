package dev.shard.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import dev.shard.event.EventBinder;
import dev.shard.event.EventBindingException;
import dev.shard.event.GatewayEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.GatewayDispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link OnDemand}: messages and users indexed from their bytes give what Jackson's binding gives, field by field,
 * whatever form the values take; what the index does not take on goes to Jackson; values that cannot be bound fail
 * when read, with the field's path. The corpus run ({@code CorpusTests}) compares every real MESSAGE_CREATE and
 * MESSAGE_UPDATE the same way.
 */
class OnDemandTests {

	private static final JsonMapper MAPPER = ShardJson.mapper();

	private static final JsonMapper REFERENCE = ReferenceBinding.jacksonOnlyMapper();

	private static final String MESSAGE = """
			{"id":"1100000000000000001","channel_id":"1100000000000000002","guild_id":"1100000000000000003",
			 "author":{"id":"1100000000000000004","username":"ana","global_name":"Ana \u00e9\u00e8 \ud83d\ude00",
			  "bot":false,"public_flags":64,"avatar_decoration_data":null,"clan":{"tag":"X"}},
			 "member":{"roles":["1100000000000000005"],"joined_at":"2021-10-19T03:25:51.123000+00:00","deaf":false},
			 "content":"!ping \\"quoted\\" \\u00e9","timestamp":"2024-01-02T03:04:05.678000+00:00",
			 "edited_timestamp":null,"tts":false,"mention_everyone":true,"mentions":[{"id":"7","username":"bo"}],
			 "mention_roles":[],"attachments":[],"embeds":[{"title":"t","fields":[{"name":"a","value":"b"}]}],
			 "nonce":12345,"pinned":false,"type":19,"flags":0,"position":-3,"channel_type":0,
			 "referenced_message":{"id":"9","content":"earlier","author":{"id":"7","username":"bo"}},
			 "components":[],"future_field":{"nested":[1,2,{"x":null}]},"another":null}
			""";

	@Test
	void fieldsEqualJacksonsBinding() {
		Message lazy = onDemand(MESSAGE);
		assertThat(lazy.content()).isEqualTo("!ping \"quoted\" \u00e9");
		assertThat(lazy.author().username()).isEqualTo("ana");
		assertThat(lazy.author().globalName()).isEqualTo("Ana \u00e9\u00e8 \ud83d\ude00");
		assertThat(lazy.author().extra()).containsOnlyKeys("clan");
		assertThat(lazy.referencedMessage().author().username()).isEqualTo("bo");
		assertThat(lazy.position()).isEqualTo(-3);
		assertThat(lazy.extra()).containsOnlyKeys("future_field", "another");
		assertThat(lazy.extra().get("another")).isEqualTo(NullNode.getInstance());
		assertSameAsJackson(MESSAGE);
	}

	@Test
	void everyFieldBoundAloneEqualsJacksons() {
		Message eager = REFERENCE.readValue(MESSAGE, Message.class);
		for (int slot = 0; slot < OnDemand.binding(Message.class).size(); slot++) {
			Message lazy = onDemand(MESSAGE);
			assertThat(lazy.get(slot)).as(OnDemand.binding(Message.class).accessors[slot])
				.isEqualTo(eager.get(slot));
		}
	}

	@Test
	void valuesInOtherFormsGoToJackson() {
		// numbers as strings and the other way round, escapes, whitespace, big ids, duplicates: Jackson decides
		assertSameAsJackson("""
				{ "id" : 123 , "channel_id":"18446744073709551615", "content" : 5, "tts": "true",
				  "position":"7", "flags":"12", "type": 0, "author": {"id":"1","username":"a\\u0062c","bot":"false"},
				  "pinned":false,	"pinned"
				:
				true}
				""");
		assertSameAsJackson("{}");
		assertSameAsJackson("{\"author\":null,\"referenced_message\":null,\"content\":null,\"flags\":null}");
		assertSameAsJackson("{\"flags\":1234567890123456789,\"position\":214748364,\"mention_everyone\":0}");
	}

	@Test
	void namesInAnotherOrderThanLastTime() {
		// the index first tries the name that followed last time: a longer name with that prefix, another order,
		// an unknown name in between must all still be read right
		assertSameAsJackson("{\"id\":\"1\",\"content\":\"a\",\"tts\":true,\"pinned\":false}");
		assertSameAsJackson("{\"id\":\"1\",\"content_x\":\"b\",\"content\":\"c\",\"tts\":false}");
		assertSameAsJackson("{\"id\":\"1\",\"contents\":1,\"tts\":true,\"id\":\"2\",\"content\":\"d\"}");
		assertSameAsJackson("{\"pinned\":true,\"tts\":true,\"content\":\"e\",\"id\":\"3\",\"i\":0}");
		assertSameAsJackson("{\"id\":\"1\",\"content\":\"a\",\"tts\":true,\"pinned\":false}");
	}

	@Test
	void namesWithEscapesAreLeftToJackson() {
		byte[] json = "{\"con\\u0074ent\":\"x\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(OnDemandBinding.bind(Message.class, json, 0)).isNull();
		MessageCreateEvent event = (MessageCreateEvent) bindLocated("{\"con\\u0074ent\":\"x\"}");
		assertThat(event.message().content()).isEqualTo("x");
	}

	@Test
	void malformedObjectsAreNotIndexedAndFailAtBind() {
		for (String d : List.of("{\"content\":\"x", "{\"content\" \"x\"}", "{\"content\":\"x\",}",
				"{\"embeds\":[{\"a\":1]}", "{\"embeds\":[1,2}", "{\"content\":\"x\"]", "{\"content\":}")) {
			byte[] json = d.getBytes(StandardCharsets.UTF_8);
			assertThat(OnDemandBinding.bind(Message.class, json, 0)).as(d).isNull();
			assertThatExceptionOfType(EventBindingException.class).as(d)
				.isThrownBy(() -> bindLocated(d));
		}
	}

	@Test
	void deepNestingIsLeftToJackson() {
		String deep = "[".repeat(70) + "]".repeat(70);
		String d = "{\"content\":\"x\",\"embeds\":[],\"future\":" + deep + "}";
		assertThat(OnDemandBinding.bind(Message.class, d.getBytes(StandardCharsets.UTF_8), 0)).isNull();
		assertThat(bindLocated(d)).isInstanceOf(MessageCreateEvent.class);
	}

	@Test
	void valuesThatCannotBeBoundFailWhenReadWithTheirPath() {
		Message message = onDemand("{\"content\":\"ok\",\"author\":\"not a user\",\"tts\":tru,\"type\":{}}");
		assertThat(message.content()).isEqualTo("ok");
		assertThat(catchThrowable(message::author)).isInstanceOf(JacksonException.class)
			.hasMessageContaining("Message[\"author\"]");
		assertThat(catchThrowable(message::tts)).isInstanceOf(JacksonException.class)
			.hasMessageContaining("Message[\"tts\"]");
		assertThat(catchThrowable(message::type)).isInstanceOf(JacksonException.class)
			.hasMessageContaining("Message[\"type\"]");
		// read again: fails again, nothing half-bound is kept
		assertThat(catchThrowable(message::author)).isInstanceOf(JacksonException.class);
		Message nested = onDemand("{\"author\":{\"username\":\"a\",\"bot\":{}}}");
		assertThat(nested.author().username()).isEqualTo("a");
		assertThat(catchThrowable(nested.author()::bot)).isInstanceOf(JacksonException.class)
			.hasMessageContaining("User[\"bot\"]");
	}

	@Test
	void stringsJacksonWouldRejectFailWhenRead() {
		byte[] control = "{\"content\":\"a\nb\"}".getBytes(StandardCharsets.UTF_8);
		byte[] notUtf8 = { '{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xC3, 'x', '"', '}' };
		byte[] surrogate = { '{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0,
				(byte) 0x80, '"', '}' };
		for (byte[] json : List.of(control, notUtf8, surrogate)) {
			Message message = OnDemandBinding.bind(Message.class, json, 0);
			Throwable eager = catchThrowable(() -> REFERENCE.readValue(json, Message.class));
			Throwable lazy = catchThrowable(message::content);
			if (eager == null) {
				assertThat(lazy).isNull();
				assertThat(message.content()).isEqualTo(REFERENCE.readValue(json, Message.class).content());
			}
			else {
				assertThat(lazy).isInstanceOf(JacksonException.class).hasMessageContaining("Message[\"content\"]");
			}
		}
	}

	@Test
	void binderIndexesMessagesFromTheEnvelope() {
		MessageCreateEvent event = (MessageCreateEvent) bindLocated(MESSAGE);
		int length = MESSAGE.strip().getBytes(StandardCharsets.UTF_8).length;
		assertThat(OnDemandBinding.length(event.message())).isEqualTo(length);
		assertThat(event.info().dataLength()).isEqualTo(length);
		assertThat(event.message()).isEqualTo(REFERENCE.readValue(MESSAGE, Message.class));
		// a mapper of one's own binds at once
		EventBinder own = new EventBinder(ShardJson.configure(JsonMapper.builder()).build());
		MessageCreateEvent eager = (MessageCreateEvent) own.bind(located(MESSAGE));
		assertThat(OnDemandBinding.length(eager.message())).isEqualTo(-1);
		assertThat(eager.message()).isEqualTo(event.message());
	}

	@Test
	void readersOnSeveralThreadsSeeTheSameValues() throws Exception {
		Message expected = MAPPER.readValue(MESSAGE, Message.class);
		for (int round = 0; round < 50; round++) {
			Message shared = onDemand(MESSAGE);
			CyclicBarrier start = new CyclicBarrier(4);
			List<CompletableFuture<String>> reads = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				reads.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					return shared.author().username() + shared.content() + shared.toString();
				}));
			}
			for (CompletableFuture<String> read : reads) {
				assertThat(read.get()).isEqualTo(
						expected.author().username() + expected.content() + expected.toString());
			}
		}
	}

	@Test
	void equalityBindsTheRestAtOnceKeepingWhatWasRead() {
		Message lazy = onDemand(MESSAGE);
		User author = lazy.author();
		assertThat(lazy.values).contains(OnDemand.UNBOUND);
		assertThat(lazy).isEqualTo(REFERENCE.readValue(MESSAGE, Message.class));
		assertThat(lazy.values).doesNotContain(OnDemand.UNBOUND);
		assertThat(lazy.author()).isSameAs(author);
		// a field that cannot be bound: the rest is read one by one and that one fails with its path
		Message bad = onDemand("{\"content\":\"x\",\"tts\":{}}");
		assertThat(catchThrowable(bad::toString)).isInstanceOf(JacksonException.class)
			.hasMessageContaining("Message[\"tts\"]");
		assertThat(bad.content()).isEqualTo("x");
	}

	@Test
	void behavesAsARecord() {
		Message lazy = onDemand(MESSAGE);
		Message eager = MAPPER.readValue(MESSAGE, Message.class);
		Message reference = REFERENCE.readValue(MESSAGE, Message.class);
		assertThat(lazy).isEqualTo(eager).isEqualTo(reference).hasSameHashCodeAs(reference);
		assertThat(lazy.toString()).isEqualTo(eager.toString()).startsWith("Message[id=1100000000000000001, "
				+ "channelId=1100000000000000002, guildId=1100000000000000003, author=User[id=1100000000000000004, "
				+ "username=ana,");
		assertThat(MAPPER.writeValueAsString(lazy)).isEqualTo(MAPPER.writeValueAsString(eager));
		assertThat(MAPPER.readTree(MAPPER.writeValueAsString(lazy)).get("future_field"))
			.isEqualTo(MAPPER.readTree(MESSAGE).get("future_field"));
		User user = new User(Snowflake.of(1), "a", null, null, null, true, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null);
		assertThat(user.extra()).isEmpty();
		assertThat(user).isEqualTo(MAPPER.readValue("{\"id\":\"1\",\"username\":\"a\",\"bot\":true}", User.class));
		assertThat(onDemand("{\"content\":\"x\"}")).isNotEqualTo(onDemand("{\"content\":\"y\"}"));
	}

	private static Message onDemand(String json) {
		Message message = OnDemandBinding.bind(Message.class, json.getBytes(StandardCharsets.UTF_8), 0);
		assertThat(message).as("indexed").isNotNull();
		assertThat(OnDemandBinding.length(message)).isPositive();
		return message;
	}

	/** Every field read from the index equals Jackson's, or fails where Jackson's binding fails. */
	private static void assertSameAsJackson(String json) {
		Message reference = REFERENCE.readValue(json, Message.class);
		assertThat(ReferenceBinding.fieldByField(onDemand(json))).isEqualTo(ReferenceBinding.fieldByField(reference));
		assertThat(onDemand(json)).isEqualTo(reference);
		assertThat(onDemand(json).author()).isEqualTo(reference.author());
		// Jackson's own any-setter path keeps unknown names in another order: compare text with the model's binding
		assertThat(onDemand(json).toString()).isEqualTo(MAPPER.readValue(json, Message.class).toString());
		assertThat(MAPPER.writeValueAsString(onDemand(json)))
			.isEqualTo(MAPPER.writeValueAsString(MAPPER.readValue(json, Message.class)));
		assertThat(MAPPER.readTree(MAPPER.writeValueAsString(onDemand(json))))
			.isEqualTo(MAPPER.readTree(MAPPER.writeValueAsString(reference)));
	}

	/** As a shard delivers it: with where {@code d} starts. */
	private static GatewayDispatch located(String d) {
		byte[] frame = envelope(d);
		int offset = new String(frame, StandardCharsets.ISO_8859_1).indexOf("\"d\":") + 4;
		return new GatewayDispatch(0, 42, "MESSAGE_CREATE", frame, offset, 0);
	}

	private static GatewayEvent bindLocated(String d) {
		return EventBinder.shared().bind(located(d));
	}

	private static byte[] envelope(String d) {
		return ("{\"t\":\"MESSAGE_CREATE\",\"s\":42,\"op\":0,\"d\":" + d.strip() + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
