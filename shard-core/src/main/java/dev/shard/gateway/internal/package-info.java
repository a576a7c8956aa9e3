/**
 * Internals of the gateway core: transport decoders, the envelope reader, the outbound send limiter, the dispatch
 * buffer and the fallback identify limiter. Not a public API; imports nothing from Spring Boot.
 */
package dev.shard.gateway.internal;
