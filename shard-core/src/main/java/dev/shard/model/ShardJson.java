package dev.shard.model;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The Jackson 3 mapper settings the model is designed for.
 * <ul>
 * <li>unknown fields never fail (records keep them in {@code extra()} anyway);</li>
 * <li>no trailing-token check, so a payload can be bound straight from a parser positioned
 * inside a larger envelope;</li>
 * <li>every modelled field is written, null or not, so that a bound record re-serialises with
 * at least every key it was read from; {@link Field} components are left out when absent.</li>
 * </ul>
 */
public final class ShardJson {

	/** Registers the faster record binding and timestamp parsing. */
	private static final class ModelModule extends SimpleModule {

		private final boolean fastRecords;

		ModelModule(boolean fastRecords) {
			super("shard-model");
			this.fastRecords = fastRecords;
			addDeserializer(OffsetDateTime.class, new Timestamps.Deserializer());
		}

		@Override
		public void setupModule(SetupContext context) {
			super.setupModule(context);
			context.addValueInstantiators(new RecordInstantiators());
			if (this.fastRecords) {
				context.addDeserializerModifier(new RecordDeserializer.Modifier());
			}
		}

	}

	/*
	 * Parsers of the shared mapper take their buffers from a per-thread pool: it runs on a few long-lived platform
	 * threads (event loops, delivery lanes), where Jackson's default concurrent pool cost a deque poll and offer per
	 * bound event (about 4 % of the CPU per MESSAGE_CREATE end to end).
	 */
	private static final JsonMapper MAPPER = configure(
			JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build()))
		.build();

	private ShardJson() {
	}

	/**
	 * The shared, immutable mapper.
	 * @return the mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Apply the model settings to a builder (for callers that need their own mapper).
	 * @param builder the builder
	 * @return the same builder
	 */
	public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return configure(builder, true);
	}

	/** With {@code fastRecords} false the records are bound by Jackson's own bean deserializer (tests compare). */
	static JsonMapper.Builder configure(JsonMapper.Builder builder, boolean fastRecords) {
		return builder.addModule(new ModelModule(fastRecords))
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.changeDefaultPropertyInclusion(
					(incl) -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
			.withConfigOverride(Field.class, (o) -> o.setInclude(
					JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS)));
	}

}
