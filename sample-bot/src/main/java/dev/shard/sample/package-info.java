/**
 * A small Discord bot built on the Shard starter: {@code !ping} answered over REST, a {@code /ping} slash command
 * answered through the interaction callback, guild and connection logging.
 */
@NullMarked
package dev.shard.sample;

import org.jspecify.annotations.NullMarked;
