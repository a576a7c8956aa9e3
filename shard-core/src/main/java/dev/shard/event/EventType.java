package dev.shard.event;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * One documented dispatch type: its name, payload record, event record, a factory from
 * (info, payload) to the event, and the intents that gate it (empty when always sent).
 *
 * @param <P> the payload type
 * @param <E> the event type
 * @param name the dispatch name, e.g. {@code MESSAGE_CREATE}
 * @param payloadType the payload record
 * @param eventType the event record
 * @param factory creates the event
 * @param intents the gating intents: all of them are needed to receive the event in every
 * context (e.g. GUILD_MESSAGES and DIRECT_MESSAGES for MESSAGE_CREATE)
 */
public record EventType<P, E extends DispatchEvent<P>>(String name, Class<P> payloadType, Class<E> eventType,
		BiFunction<DispatchInfo, P, E> factory, Set<Intent> intents) {

	/**
	 * Create the event.
	 * @param info the dispatch info
	 * @param payload the payload (may be {@code null})
	 * @return the event
	 */
	public E create(DispatchInfo info, Object payload) {
		return this.factory.apply(info, this.payloadType.cast(payload));
	}

	/**
	 * Whether some gating intent is privileged.
	 * @return {@code true} if a privileged intent gates this type
	 */
	public boolean needsPrivilegedIntent() {
		return this.intents.stream().anyMatch(Intent::isPrivileged);
	}

}
