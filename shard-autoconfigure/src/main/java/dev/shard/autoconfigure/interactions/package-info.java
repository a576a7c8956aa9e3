/**
 * Answering interactions in time, whether Discord delivers them over the gateway or by HTTP POST to the
 * application's interactions endpoint: {@link dev.shard.autoconfigure.interactions.Interactions}.
 */
@NullMarked
package dev.shard.autoconfigure.interactions;

import org.jspecify.annotations.NullMarked;
