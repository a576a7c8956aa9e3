package dev.shard.event;

import dev.shard.model.InviteDelete;

/**
 * The {@code INVITE_DELETE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param deletion the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record InviteDeleteEvent(DispatchInfo info, InviteDelete deletion) implements DispatchEvent<InviteDelete> {

	/** The dispatch type name. */
	public static final String TYPE = "INVITE_DELETE";

	@Override
	public InviteDelete payload() {
		return this.deletion;
	}

}
