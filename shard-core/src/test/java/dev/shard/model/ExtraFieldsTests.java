package dev.shard.model;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The records' {@code extra} maps: shared and empty without unknown fields, owned by each record otherwise, never
 * mixed up between records bound on the same thread (nested, one after the other, after a failed bind).
 */
class ExtraFieldsTests {

	private final JsonMapper mapper = ShardJson.mapper();

	@Test
	void recordsWithoutUnknownFieldsShareTheImmutableEmptyMap() {
		Message message = this.mapper.readValue(
				"{\"id\":\"1\",\"content\":\"hi\",\"author\":{\"id\":\"2\",\"username\":\"u\"}}", Message.class);
		assertThat(message.extra()).isSameAs(Map.of());
		assertThat(message.author().extra()).isSameAs(Map.of());
	}

	@Test
	void nestedAndSuccessiveRecordsKeepTheirOwnUnknownFields() {
		Message first = this.mapper.readValue("{\"id\":\"1\",\"m_new\":1,\"author\":{\"id\":\"2\",\"u_new\":[true]},"
				+ "\"mentions\":[{\"id\":\"3\"},{\"id\":\"4\",\"x\":\"y\"}],\"m_later\":null}", Message.class);
		Message second = this.mapper.readValue("{\"id\":\"5\",\"author\":{\"id\":\"6\",\"other\":2}}", Message.class);
		assertThat(first.extra()).containsOnlyKeys("m_new", "m_later");
		assertThat(first.extra().get("m_new").asInt()).isEqualTo(1);
		assertThat(first.author().extra()).containsOnlyKeys("u_new");
		assertThat(first.mentions().get(0).extra()).isSameAs(Map.of());
		assertThat(first.mentions().get(1).extra()).containsOnlyKeys("x");
		assertThat(second.extra()).isSameAs(Map.of());
		assertThat(second.author().extra()).containsOnlyKeys("other");
		assertThat(first.author().extra()).isNotSameAs(second.author().extra()).containsOnlyKeys("u_new");
		// the unknown fields are written back
		assertThat(this.mapper.writeValueAsString(first.author())).contains("\"u_new\":[true]");
	}

	@Test
	void aFailedBindDoesNotLeakUnknownFieldsIntoTheNextRecord() {
		assertThatException().isThrownBy(() -> this.mapper
			.readValue("{\"id\":\"1\",\"leak\":1,\"author\":{\"id\":{\"not\":\"an id\"}}}", Message.class));
		assertThatException()
			.isThrownBy(() -> this.mapper.readValue("{\"leak\":1,\"id\":{\"not\":\"an id\"}}", User.class));
		User user = this.mapper.readValue("{\"id\":\"7\"}", User.class);
		assertThat(user.extra()).isSameAs(Map.of());
		Message message = this.mapper.readValue("{\"id\":\"8\"}", Message.class);
		assertThat(message.extra()).isEmpty();
	}

}
