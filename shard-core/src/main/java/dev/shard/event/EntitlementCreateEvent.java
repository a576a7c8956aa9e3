package dev.shard.event;

import dev.shard.model.Entitlement;

/**
 * The {@code ENTITLEMENT_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param entitlement the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record EntitlementCreateEvent(DispatchInfo info, Entitlement entitlement) implements DispatchEvent<Entitlement> {

	/** The dispatch type name. */
	public static final String TYPE = "ENTITLEMENT_CREATE";

	@Override
	public Entitlement payload() {
		return this.entitlement;
	}

}
