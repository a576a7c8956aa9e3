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

import dev.shard.gateway.GatewayDispatch;
import dev.shard.model.OnDemandBinding;
import dev.shard.model.ShardJson;

/**
 * Binds a dispatch to its typed event: the one step from a {@link GatewayDispatch} (what a
 * {@link dev.shard.gateway.ShardSink} receives) to, e.g., a {@link MessageCreateEvent}, with or
 * without Spring. This is on the hot path: {@code d} is bound straight from a parser (no tree),
 * with one pre-built {@link ObjectReader} per type, and the parser starts at {@code d} when the
 * dispatch says where it is ({@link GatewayDispatch#dataOffset()}, recorded when the envelope was
 * read), so the envelope is not tokenised twice. Messages and users (MESSAGE_CREATE, MESSAGE_UPDATE) are only
 * indexed here and bound field by field when read ({@link OnDemandBinding}); that needs the shared mapper.
 * Thread-safe; share one instance.
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
			boolean onDemand = mapper == ShardJson.mapper() && OnDemandBinding.supports(type.payloadType());
			map.put(type.name(), new Binding(type, mapper.readerFor(type.payloadType()), onDemand));
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
	 * Bind a dispatch as a shard delivers it. Unknown types give a {@link RawDispatchEvent}, never
	 * an exception.
	 * @param dispatch the dispatch
	 * @return the typed event, or a raw one for unknown types
	 * @throws EventBindingException if {@code d} of a known type cannot be bound
	 */
	public GatewayEvent bind(GatewayDispatch dispatch) {
		return bind(dispatch.shardId(), dispatch.sequence(), dispatch.type(), dispatch.frame(),
				dispatch.dataOffset());
	}

	/**
	 * Bind a dispatch frame, scanning it for {@code d}. Unknown types give a
	 * {@link RawDispatchEvent}, never an exception.
	 * @param shardId the shard id
	 * @param sequence the sequence number
	 * @param type the dispatch type {@code t}
	 * @param frame the whole inflated UTF-8 envelope {@code {"op":0,"t":..,"s":..,"d":{...}}},
	 * fields in any order
	 * @return the typed event, or a raw one for unknown types
	 * @throws EventBindingException if {@code d} of a known type cannot be bound
	 */
	public GatewayEvent bind(int shardId, long sequence, String type, byte[] frame) {
		return bind(shardId, sequence, type, frame, GatewayDispatch.UNKNOWN_DATA_OFFSET);
	}

	private GatewayEvent bind(int shardId, long sequence, String type, byte[] frame, int dataOffset) {
		Binding binding = (type != null) ? this.bindings.get(type) : null;
		if (binding == null) {
			return new RawDispatchEvent(shardId, sequence, type, frame);
		}
		if (startsValue(frame, dataOffset)) {
			return bindAt(binding, shardId, sequence, type, frame, dataOffset);
		}
		return bindScanning(binding, shardId, sequence, type, frame);
	}

	/**
	 * Whether a known offset points at a value the parser can start on: an object, array, string
	 * or {@code null}. A number cannot start a parser here (a root-level number must be followed by
	 * whitespace), so it and anything unexpected take the scan.
	 */
	private static boolean startsValue(byte[] frame, int offset) {
		if (offset < 0 || offset >= frame.length) {
			return false;
		}
		byte b = frame[offset];
		return b == '{' || b == 'n' || b == '[' || b == '"';
	}

	/** Parse {@code d} alone: the envelope reader already found where it starts. */
	private GatewayEvent bindAt(Binding binding, int shardId, long sequence, String type, byte[] frame,
			int dataOffset) {
		if (binding.onDemand && frame[dataOffset] == '{') {
			Object payload = OnDemandBinding.bind(binding.type.payloadType(), frame, dataOffset);
			if (payload != null) {
				DispatchInfo info = new DispatchInfo(shardId, sequence, type, frame, dataOffset,
						OnDemandBinding.length(payload));
				return binding.type.create(info, payload);
			}
		}
		try (JsonParser parser = binding.reader.createParser(frame, dataOffset, frame.length - dataOffset)) {
			JsonToken value = parser.nextToken();
			Object payload = (value != JsonToken.VALUE_NULL) ? binding.read(parser) : null;
			// offsets of a parser over a slice count from the slice's start
			int length = (int) parser.currentLocation().getByteOffset();
			DispatchInfo info = new DispatchInfo(shardId, sequence, type, frame, dataOffset, length);
			return binding.type.create(info, payload);
		}
		catch (JacksonException | IllegalArgumentException | ClassCastException ex) {
			throw new EventBindingException(type, shardId, sequence, ex);
		}
	}

	/** Walk the envelope to {@code d}, in any key order. */
	private GatewayEvent bindScanning(Binding binding, int shardId, long sequence, String type, byte[] frame) {
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

		/** Indexed now, bound field by field when read ({@link OnDemandBinding}). */
		final boolean onDemand;

		Binding(EventType<?, ?> type, ObjectReader reader, boolean onDemand) {
			this.type = type;
			this.reader = reader;
			this.onDemand = onDemand;
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
