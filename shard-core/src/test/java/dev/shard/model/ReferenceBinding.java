package dev.shard.model;

import java.util.ArrayList;
import java.util.List;

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

	/**
	 * The fields of a payload read one at a time through its accessors' path, as a listener reads them (nested
	 * on-demand objects likewise), before anything binds them all at once ({@code equals} does): compare this with
	 * the same of Jackson's binding to check each field's own binding. Other payloads are returned as they are.
	 * @param payload a payload
	 * @return its fields, or the payload itself
	 */
	public static Object fieldByField(Object payload) {
		if (!(payload instanceof OnDemandObject object)) {
			return payload;
		}
		List<Object> fields = new ArrayList<>();
		fields.add(payload.getClass());
		for (int i = 0; i < object.values.length; i++) {
			fields.add(fieldByField(object.get(i)));
		}
		return fields;
	}

}
