/**
 * Micrometer meters of the Discord shards ({@code discord.gateway.*}) and their auto-configuration.
 */
@NullMarked
package dev.shard.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
