/**
 * Internals of the gateway core: transport decoders, the envelope reader, the outbound send limiter, redaction and
 * the delivery threads. Not a public API (the module does not export it): only {@code dev.shard.gateway} uses it,
 * and it uses nothing of {@code dev.shard.gateway} in turn (a leaf, checked by {@code ArchitectureTests}).
 */
package dev.shard.gateway.internal;
