package dev.shard.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.shard.model.ChannelType;
import dev.shard.model.CommandOption;
import dev.shard.model.Guild;
import dev.shard.model.Interaction;
import dev.shard.model.InteractionType;
import dev.shard.model.MessageReactionAdd;
import dev.shard.model.Ready;
import dev.shard.model.ShardJson;
import dev.shard.model.Snowflake;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed accessors return the values of real payloads (a misspelt JSON name would leave the
 * component null and the value in {@code extra()}, which the lossless corpus check cannot see).
 */
class TypedAccessTests {

	private final EventBinder binder = EventBinder.shared();

	private static byte[] resource(String path) throws IOException {
		try (InputStream in = TypedAccessTests.class.getResourceAsStream("/corpus/" + path)) {
			assertThat(in).as(path).isNotNull();
			return in.readAllBytes();
		}
	}

	private static byte[] envelope(String type, byte[] d) {
		return ("{\"op\":0,\"s\":1,\"t\":\"" + type + "\",\"d\":" + new String(d, StandardCharsets.UTF_8) + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void ready() throws IOException {
		ReadyEvent event = (ReadyEvent) this.binder.bind(0, 1, "READY", resource("vapor-websocket-kit/1_READY.json"));
		Ready ready = event.ready();
		assertThat(ready.v()).isEqualTo(10);
		assertThat(ready.sessionId()).isNotBlank();
		assertThat(ready.resumeGatewayUrl()).startsWith("wss://");
		assertThat(ready.user().id()).isNotNull();
		assertThat(ready.user().bot()).isTrue();
		assertThat(ready.guilds()).isNotEmpty().allSatisfy((g) -> assertThat(g.id()).isNotNull());
		assertThat(ready.application().id()).isNotNull();
		assertThat(ready.extra()).containsKey("_trace").doesNotContainKeys("session_id", "user", "guilds");
	}

	@Test
	void guildCreate() throws IOException {
		GuildCreateEvent event = (GuildCreateEvent) this.binder.bind(0, 2, "GUILD_CREATE",
				resource("vapor-websocket-kit/2_GUILD_CREATE.json"));
		Guild guild = event.guild();
		assertThat(guild.id()).isNotNull();
		assertThat(guild.name()).isNotBlank();
		assertThat(guild.roles()).isNotEmpty().allSatisfy((r) -> assertThat(r.permissions()).isNotNull());
		assertThat(guild.channels()).isNotEmpty().allSatisfy((c) -> assertThat(c.type()).isNotNull());
		assertThat(guild.channels()).anySatisfy((c) -> assertThat(c.type()).isEqualTo(ChannelType.GUILD_TEXT));
		assertThat(guild.members()).isNotEmpty().allSatisfy((m) -> assertThat(m.user().id()).isNotNull());
		assertThat(guild.joinedAt()).isNotNull();
		assertThat(guild.memberCount()).isPositive();
	}

	@Test
	void interactionWithNestedOptions() throws IOException {
		byte[] frame = envelope("INTERACTION_CREATE", resource("kord/common/interaction/groupsubcommand.json"));
		Interaction interaction = ((InteractionCreateEvent) this.binder.bind(0, 1, "INTERACTION_CREATE", frame))
			.interaction();
		assertThat(interaction.type()).isSameAs(InteractionType.APPLICATION_COMMAND);
		assertThat(interaction.token()).isEqualTo("hunter2");
		assertThat(interaction.member().user().username()).isEqualTo("Hope");
		assertThat(interaction.member().permissions()).isEqualTo("2147483647");
		CommandOption group = interaction.data().options().get(0);
		assertThat(group.type()).isEqualTo(2);
		// "type": "1" (a string in this sample) is coerced to the integer
		CommandOption sub = group.options().get(0);
		assertThat(sub.type()).isEqualTo(1);
		assertThat(sub.options().get(0).name()).isEqualTo("testint");
		assertThat(sub.options().get(0).value().asInt()).isEqualTo(1);
	}

	@Test
	void reactionWithMemberAndUnicodeEmoji() throws IOException {
		byte[] frame = envelope("MESSAGE_REACTION_ADD", resource("twilight/deserialization__reaction.json"));
		MessageReactionAdd reaction = ((MessageReactionAddEvent) this.binder.bind(0, 1, "MESSAGE_REACTION_ADD", frame))
			.reaction();
		assertThat(reaction.channelId()).isEqualTo(Snowflake.of(2));
		assertThat(reaction.guildId()).isEqualTo(Snowflake.of(1));
		assertThat(reaction.emoji().id()).isNull();
		assertThat(reaction.emoji().name()).isEqualTo("🙂");
		assertThat(reaction.member().nick()).isEqualTo("typing");
		assertThat(reaction.member().joinedAt().getYear()).isEqualTo(2020);
		// undocumented member field kept
		assertThat(reaction.member().extra()).containsKey("hoisted_role");
		assertThat(ShardJson.mapper().writeValueAsString(reaction)).contains("\"hoisted_role\":\"5\"");
	}

}
