package dev.shard.event;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationContextExt;
import tools.jackson.databind.json.JsonMapper;

import dev.shard.model.ShardJson;

/**
 * Binds a dispatch frame to its typed event. This is on the hot path: it streams over the
 * envelope and binds {@code d} straight from the parser (no tree), with one pre-built
 * {@link ObjectReader} per type. Thread-safe; share one instance.
 */
public final class EventBinder {

	private static final EventBinder SHARED = new EventBinder(ShardJson.mapper());

	private final JsonMapper mapper;

	private final Map<String, Binding> bindings;

	/**
	 * Create a binder using {@link ShardJson#mapper()}.
	 */
	public EventBinder() {
		this(ShardJson.mapper());
	}

	/**
	 * Create a binder using the given mapper (configure it with {@link ShardJson#configure}).
	 * @param mapper the mapper
	 */
	public EventBinder(JsonMapper mapper) {
		this.mapper = mapper;
		Map<String, Binding> map = new HashMap<>();
		for (EventType<?, ?> type : EventTypes.all()) {
			map.put(type.name(), new Binding(type, mapper.readerFor(type.payloadType())));
		}
		this.bindings = map;
	}

	/**
	 * The shared binder.
	 * @return the binder
	 */
	public static EventBinder shared() {
		return SHARED;
	}

	/**
	 * The mapper in use.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Bind a dispatch. Unknown types give a {@link RawDispatchEvent}, never an exception.
	 * @param shardId the shard id
	 * @param sequence the sequence number
	 * @param type the dispatch type {@code t}
	 * @param frame the whole inflated UTF-8 envelope {@code {"op":0,"t":..,"s":..,"d":{...}}},
	 * fields in any order
	 * @return the typed event, or a raw one for unknown types
	 * @throws EventBindingException if {@code d} of a known type cannot be bound
	 */
	public GatewayEvent bind(int shardId, long sequence, String type, byte[] frame) {
		Binding binding = (type != null) ? this.bindings.get(type) : null;
		if (binding == null) {
			return new RawDispatchEvent(shardId, sequence, type, frame);
		}
		try (JsonParser parser = binding.reader.createParser(frame)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("frame is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("d".equals(name)) {
					int start = (int) parser.currentTokenLocation().getByteOffset();
					Object payload = (value != JsonToken.VALUE_NULL) ? binding.read(parser) : null;
					int end = (int) parser.currentLocation().getByteOffset();
					DispatchInfo info = new DispatchInfo(shardId, sequence, type, frame, start, end - start);
					return binding.type.create(info, payload);
				}
				parser.skipChildren();
			}
			// no "d" at all: an event without payload
			return binding.type.create(new DispatchInfo(shardId, sequence, type, frame, -1, 0), null);
		}
		catch (JacksonException | IllegalArgumentException | ClassCastException ex) {
			throw new EventBindingException(type, shardId, sequence, ex);
		}
	}

	/**
	 * Bind a bare payload ({@code d} only) of a known type, e.g. from a stored sample.
	 * @param <P> the payload type
	 * @param type the event type
	 * @param json the payload JSON
	 * @return the payload
	 */
	public <P> P bindPayload(EventType<P, ?> type, byte[] json) {
		Binding binding = this.bindings.get(type.name());
		return type.payloadType().cast(binding.reader.readValue(json));
	}

	private static final class Binding {

		final EventType<?, ?> type;

		final ObjectReader reader;

		/** The reader's root deserializer, looked up on first use (Jackson caches it per mapper anyway). */
		private volatile ValueDeserializer<Object> deserializer;

		Binding(EventType<?, ?> type, ObjectReader reader) {
			this.type = type;
			this.reader = reader;
		}

		/**
		 * Bind the value at the parser's current token with the context the parser was created with:
		 * {@code ObjectReader.readValue(JsonParser)} would create a second {@code DeserializationContext} per
		 * bind. Same root binding as the reader ({@code readRootValue}); the envelope goes on after {@code d}, so
		 * there is no trailing-token check (the model's mapper has it off anyway).
		 */
		Object read(JsonParser parser) {
			if (!(parser.objectReadContext() instanceof DeserializationContextExt ctxt)) {
				return this.reader.readValue(parser);
			}
			ValueDeserializer<Object> deser = this.deserializer;
			if (deser == null) {
				deser = ctxt.findRootValueDeserializer(this.reader.getValueType());
				this.deserializer = deser;
			}
			Object result = ctxt.readRootValue(parser, this.reader.getValueType(), deser, null);
			ctxt.checkUnresolvedObjectId();
			return result;
		}

	}

}
