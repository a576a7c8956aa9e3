/**
 * The {@code discord} actuator endpoint: shard states, and restarting or reconnecting one shard.
 */
@NullMarked
package dev.shard.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
