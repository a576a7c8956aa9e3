/**
 * Spring AOT support: reflection hints for the records the starter binds and publishes.
 */
@NullMarked
package dev.shard.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
