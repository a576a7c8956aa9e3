package dev.shard.event;

import dev.shard.model.ThreadMember;

/**
 * The {@code THREAD_MEMBER_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param member the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ThreadMemberUpdateEvent(DispatchInfo info, ThreadMember member) implements DispatchEvent<ThreadMember> {

	/** The dispatch type name. */
	public static final String TYPE = "THREAD_MEMBER_UPDATE";

	@Override
	public ThreadMember payload() {
		return this.member;
	}

}
