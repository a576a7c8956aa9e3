package dev.shard.event;

import dev.shard.model.Entitlement;

/**
 * The {@code ENTITLEMENT_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param entitlement the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record EntitlementUpdateEvent(DispatchInfo info, Entitlement entitlement) implements DispatchEvent<Entitlement> {

	/** The dispatch type name. */
	public static final String TYPE = "ENTITLEMENT_UPDATE";

	@Override
	public Entitlement payload() {
		return this.entitlement;
	}

}
