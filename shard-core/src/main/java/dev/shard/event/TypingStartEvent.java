package dev.shard.event;

import dev.shard.model.TypingStart;

/**
 * The {@code TYPING_START} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param typing the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record TypingStartEvent(DispatchInfo info, TypingStart typing) implements DispatchEvent<TypingStart> {

	/** The dispatch type name. */
	public static final String TYPE = "TYPING_START";

	@Override
	public TypingStart payload() {
		return this.typing;
	}

}
