/**
 * Actuator health of the Discord shards: the {@code discord} health indicator and its auto-configuration.
 */
@NullMarked
package dev.shard.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
