package dev.shard.autoconfigure.aot;

import dev.shard.event.EventType;
import dev.shard.event.EventTypes;
import dev.shard.gateway.ReshardEvent;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.model.Embed;
import dev.shard.model.EmbedField;
import dev.shard.model.Member;
import dev.shard.model.User;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DiscordRuntimeHints}: every {@link EventTypes} entry's event and payload records, the model records
 * reachable from them, and the lifecycle and re-shard events have binding hints, and the registrar is found by
 * Spring's AOT processing ({@code META-INF/spring/aot.factories}).
 */
class DiscordRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	DiscordRuntimeHintsTests() {
		new DiscordRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	private boolean bindable(Class<?> type) {
		return RuntimeHintsPredicates.reflection()
			.onType(type)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS)
			.test(this.hints);
	}

	@Test
	void everyEventTypeHasHintsForItsEventAndPayload() {
		assertThat(EventTypes.all()).hasSizeGreaterThan(70);
		for (EventType<?, ?> type : EventTypes.all()) {
			assertThat(bindable(type.eventType())).as(type.name() + " event").isTrue();
			assertThat(bindable(type.payloadType())).as(type.name() + " payload").isTrue();
		}
	}

	@Test
	void modelRecordsReachableFromPayloadsHaveHints() {
		assertThat(bindable(User.class)).isTrue();
		assertThat(bindable(Member.class)).isTrue();
		assertThat(bindable(Embed.class)).as("a list element of Message").isTrue();
		assertThat(bindable(EmbedField.class)).as("nested two lists deep").isTrue();
		assertThat(bindable(String.class)).as("only our own types").isFalse();
	}

	@Test
	void lifecycleAndReshardEventsHaveHints() {
		for (Class<?> type : ShardLifecycleEvent.class.getPermittedSubclasses()) {
			assertThat(bindable(type)).as(type.getName()).isTrue();
		}
		assertThat(bindable(ReshardEvent.Switched.class)).isTrue();
	}

	@Test
	void theRegistrarIsFoundByAotProcessing() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(DiscordRuntimeHints.class);
	}

}
