package dev.shard.event;

import dev.shard.model.ApplicationCommandPermissionsUpdate;

/**
 * The {@code APPLICATION_COMMAND_PERMISSIONS_UPDATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param update the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record ApplicationCommandPermissionsUpdateEvent(DispatchInfo info, ApplicationCommandPermissionsUpdate update) implements DispatchEvent<ApplicationCommandPermissionsUpdate> {

	/** The dispatch type name. */
	public static final String TYPE = "APPLICATION_COMMAND_PERMISSIONS_UPDATE";

	@Override
	public ApplicationCommandPermissionsUpdate payload() {
		return this.update;
	}

}
