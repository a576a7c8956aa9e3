package dev.shard.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every integer-coded type: each documented constant is found by its value and named after its field, unknown
 * values bind to a fresh instance, and JSON round-trips as the bare integer.
 */
class IntCodedTypesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void channelType() throws Exception {
		check(ChannelType.class, ChannelType::of, 13);
	}

	@Test
	void messageType() throws Exception {
		check(MessageType.class, MessageType::of, 37);
	}

	@Test
	void componentType() throws Exception {
		check(ComponentType.class, ComponentType::of, 17);
	}

	@Test
	void interactionType() throws Exception {
		check(InteractionType.class, InteractionType::of, 5);
	}

	@Test
	void activityType() throws Exception {
		check(ActivityType.class, ActivityType::of, 6);
	}

	@Test
	void activityTypeByName() {
		assertThat(ActivityType.of("watching")).isSameAs(ActivityType.WATCHING);
		assertThat(ActivityType.of("COMPETING")).isSameAs(ActivityType.COMPETING);
		assertThatIllegalArgumentException().isThrownBy(() -> ActivityType.of("gaming"));
	}

	private static <T extends Record> void check(Class<T> type, IntFunction<T> of, int expectedConstants)
			throws Exception {
		List<Field> constants = new ArrayList<>();
		for (Field field : type.getDeclaredFields()) {
			if (field.getType() == type && Modifier.isStatic(field.getModifiers())
					&& Modifier.isPublic(field.getModifiers())) {
				constants.add(field);
			}
		}
		assertThat(constants).hasSize(expectedConstants);
		for (Field field : constants) {
			Object constant = field.get(null);
			int value = (int) type.getMethod("value").invoke(constant);
			assertThat(of.apply(value)).isSameAs(constant);
			assertThat(constant).hasToString(field.getName());
			assertThat(type.getMethod("isKnown").invoke(constant)).isEqualTo(true);
			assertThat(JSON.writeValueAsString(constant)).isEqualTo(Integer.toString(value));
			assertThat(JSON.readValue(Integer.toString(value), type)).isSameAs(constant);
		}
		for (int unknown : new int[] { -1, 999, 100_000 }) {
			T bound = JSON.readValue(Integer.toString(unknown), type);
			assertThat(bound).isNotNull().isEqualTo(of.apply(unknown));
			assertThat(type.getMethod("isKnown").invoke(bound)).isEqualTo(false);
			assertThat(bound).hasToString("UNKNOWN(" + unknown + ")");
			assertThat(type.getMethod("value").invoke(bound)).isEqualTo(unknown);
		}
	}

}
