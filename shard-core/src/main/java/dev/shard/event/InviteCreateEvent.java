package dev.shard.event;

import dev.shard.model.Invite;

/**
 * The {@code INVITE_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param invite the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record InviteCreateEvent(DispatchInfo info, Invite invite) implements DispatchEvent<Invite> {

	/** The dispatch type name. */
	public static final String TYPE = "INVITE_CREATE";

	@Override
	public Invite payload() {
		return this.invite;
	}

}
