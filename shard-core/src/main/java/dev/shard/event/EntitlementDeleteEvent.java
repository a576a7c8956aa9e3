package dev.shard.event;

import dev.shard.model.Entitlement;

/**
 * The {@code ENTITLEMENT_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param entitlement the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record EntitlementDeleteEvent(DispatchInfo info, Entitlement entitlement) implements DispatchEvent<Entitlement> {

	/** The dispatch type name. */
	public static final String TYPE = "ENTITLEMENT_DELETE";

	@Override
	public Entitlement payload() {
		return this.entitlement;
	}

}
