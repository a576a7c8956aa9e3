package dev.shard.gateway;

import java.util.List;

/**
 * A Request Guild Members (op 8) for one guild: either a username prefix {@code query} with a {@code limit}
 * ({@code ""} and 0 mean every member, which needs the GUILD_MEMBERS intent and is limited to once per guild per
 * 30 s), or up to 100 {@code userIds}.
 *
 * @param guildId the guild
 * @param query the username prefix, or {@code null} when {@code userIds} is used
 * @param limit the maximum members for a query (0 with {@code ""} = all)
 * @param presences whether to include presences (needs GUILD_PRESENCES)
 * @param userIds specific users, or empty when {@code query} is used
 */
public record GuildMembersRequest(long guildId, String query, int limit, boolean presences, List<Long> userIds) {

	public GuildMembersRequest {
		userIds = (userIds != null) ? List.copyOf(userIds) : List.of();
		if ((query == null) == userIds.isEmpty()) {
			throw new IllegalArgumentException("Exactly one of query and userIds is required");
		}
		if (userIds.size() > 100) {
			throw new IllegalArgumentException("At most 100 user ids per request, was " + userIds.size());
		}
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative");
		}
	}

	/** Every member of the guild. */
	public static GuildMembersRequest all(long guildId) {
		return new GuildMembersRequest(guildId, "", 0, false, null);
	}

	/** Members whose username starts with {@code prefix} (Discord returns at most 100). */
	public static GuildMembersRequest query(long guildId, String prefix, int limit) {
		return new GuildMembersRequest(guildId, prefix, limit, false, null);
	}

	/** These users (at most 100); ids that are not members come back in {@code not_found}. */
	public static GuildMembersRequest users(long guildId, List<Long> userIds) {
		return new GuildMembersRequest(guildId, null, 0, false, userIds);
	}

	/** The same request with presences. */
	public GuildMembersRequest withPresences() {
		return new GuildMembersRequest(this.guildId, this.query, this.limit, true, this.userIds);
	}

	/** Whether this asks for every member (the rate-limited kind). */
	public boolean isAllMembers() {
		return "".equals(this.query) && this.limit == 0;
	}

}
