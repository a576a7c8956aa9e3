/**
 * Gateway events: one record per documented dispatch type (e.g. {@link dev.shard.event.MessageCreateEvent})
 * wrapping its {@code dev.shard.model} payload, {@link dev.shard.event.RawDispatchEvent} for any
 * dispatch (unknown types included), the {@link dev.shard.event.EventTypes} registry, the
 * {@link dev.shard.event.EventBinder} (from a {@code dev.shard.gateway.GatewayDispatch} to its
 * typed event) and the {@link dev.shard.event.Intent intents} table. A shard's lifecycle (ready,
 * resumed, reconnecting, ...) is {@code dev.shard.gateway.ShardLifecycleEvent}. Plain Java and
 * Jackson: nothing here depends on Spring.
 */
package dev.shard.event;
