package dev.shard.event;

/**
 * A dispatch bound to its typed payload.
 *
 * @param <P> the payload type
 */
public interface DispatchEvent<P> extends GatewayEvent {

	/**
	 * Shard, sequence, type and raw JSON of the dispatch.
	 * @return the dispatch info
	 */
	DispatchInfo info();

	/**
	 * The bound {@code d}; {@code null} only when {@code d} was null or absent.
	 * @return the payload
	 */
	P payload();

	@Override
	default int shardId() {
		return info().shardId();
	}

	@Override
	default long sequence() {
		return info().sequence();
	}

	@Override
	default String type() {
		return info().type();
	}

	@Override
	default String rawJson() {
		return info().rawJson();
	}

	/**
	 * The raw JSON of {@code d} alone.
	 * @return the raw payload JSON ({@code null} when {@code d} was absent)
	 */
	default String rawData() {
		return info().rawData();
	}

}
