package dev.shard.event;

import dev.shard.model.Presence;

/**
 * The {@code PRESENCE_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param presence the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record PresenceUpdateEvent(DispatchInfo info, Presence presence) implements DispatchEvent<Presence> {

	/** The dispatch type name. */
	public static final String TYPE = "PRESENCE_UPDATE";

	@Override
	public Presence payload() {
		return this.presence;
	}

}
