package dev.shard.event;

import dev.shard.model.User;

/**
 * The {@code USER_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param user the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record UserUpdateEvent(DispatchInfo info, User user) implements DispatchEvent<User> {

	/** The dispatch type name. */
	public static final String TYPE = "USER_UPDATE";

	@Override
	public User payload() {
		return this.user;
	}

}
