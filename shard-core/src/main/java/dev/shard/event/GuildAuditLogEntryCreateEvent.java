package dev.shard.event;

import dev.shard.model.AuditLogEntry;

/**
 * The {@code GUILD_AUDIT_LOG_ENTRY_CREATE} dispatch.
 *
 * @param info shard, sequence, type and raw JSON of the dispatch
 * @param entry the bound payload ({@code null} only when {@code d} was null or absent)
 */
public record GuildAuditLogEntryCreateEvent(DispatchInfo info, AuditLogEntry entry) implements DispatchEvent<AuditLogEntry> {

	/** The dispatch type name. */
	public static final String TYPE = "GUILD_AUDIT_LOG_ENTRY_CREATE";

	@Override
	public AuditLogEntry payload() {
		return this.entry;
	}

}
