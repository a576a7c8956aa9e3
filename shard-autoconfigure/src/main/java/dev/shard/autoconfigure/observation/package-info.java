/**
 * Micrometer observations (tracing, timers) of listener calls and gateway connection attempts, and their
 * auto-configuration.
 */
@NullMarked
package dev.shard.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
