package dev.shard.model;

import tools.jackson.databind.json.JsonMapper;

/**
 * For tests: a mapper with the model's settings whose records are bound by Jackson's own bean deserializer instead
 * of {@link RecordDeserializer}, so that tests can check that both give equal records.
 */
public final class ReferenceBinding {

	private static final JsonMapper MAPPER = ShardJson.configure(JsonMapper.builder(), false).build();

	private ReferenceBinding() {
	}

	public static JsonMapper jacksonOnlyMapper() {
		return MAPPER;
	}

}
