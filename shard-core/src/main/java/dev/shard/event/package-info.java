/**
 * Gateway events: one record per documented dispatch type (e.g. {@link dev.shard.event.MessageCreateEvent})
 * wrapping its {@code dev.shard.model} payload, {@link dev.shard.event.RawDispatchEvent} for any
 * dispatch (unknown types included), the {@link dev.shard.event.EventTypes} registry, the
 * {@link dev.shard.event.EventBinder} and the {@link dev.shard.event.Intent intents} table.
 * Plain Java and Jackson: nothing here depends on Spring.
 */
package dev.shard.event;
