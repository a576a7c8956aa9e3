/**
 * A small Discord bot built on the Shard starter: a {@code /ping} slash command and its button answered through
 * {@code Interactions} (over the gateway, or over HTTP with {@code discord.interactions.public-key}), guild and
 * connection logging, and as an opt-in profile {@code !ping} answered over REST.
 */
@NullMarked
package dev.shard.sample;

import org.jspecify.annotations.NullMarked;
