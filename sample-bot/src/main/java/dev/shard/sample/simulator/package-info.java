/**
 * The embedded default: without a bot token the sample starts the {@code shard-test} gateway simulator in the
 * same JVM, points the starter at it and plays a short scripted conversation.
 */
@NullMarked
package dev.shard.sample.simulator;

import org.jspecify.annotations.NullMarked;
