package dev.shard.model;

/**
 * What the event binder uses to bind the model's on-demand types ({@link Message}, {@link User}) from gateway
 * bytes: their JSON is indexed, each field bound when first read. Applications do not need it: the events carry
 * the payloads. With the shared mapper ({@link ShardJson#mapper()}) only; a binder with a mapper of its own binds
 * these types at once.
 */
public final class OnDemandBinding {

	private OnDemandBinding() {
	}

	/**
	 * Whether a payload type is bound on demand.
	 * @param type the payload type
	 * @return whether {@link #bind} takes it
	 */
	public static boolean supports(Class<?> type) {
		return OnDemand.supports(type);
	}

	/**
	 * Index the JSON object at {@code json[offset]} as a {@code type}.
	 * @param <T> the payload type
	 * @param type a type {@link #supports(Class) supported}
	 * @param json UTF-8 JSON (e.g. a whole gateway message)
	 * @param offset where the object starts
	 * @return the payload, or {@code null} when the bytes are not indexed here (not an object, malformed, escaped
	 * names): bind them with the mapper then, which binds them or says what is wrong
	 */
	public static <T> T bind(Class<T> type, byte[] json, int offset) {
		return type.cast(OnDemand.binding(type).bind(json, offset, json.length));
	}

	/**
	 * How many bytes of JSON a payload from {@link #bind} was indexed from.
	 * @param payload the payload
	 * @return its length in bytes, or -1 when it was not bound on demand
	 */
	public static int length(Object payload) {
		if (payload instanceof OnDemandObject object && object.source != null) {
			return object.source.end - object.source.start;
		}
		return -1;
	}

}
