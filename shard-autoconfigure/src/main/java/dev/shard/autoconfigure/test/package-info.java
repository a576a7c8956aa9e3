/**
 * Test support: {@link dev.shard.autoconfigure.test.AutoConfigureDiscordSimulator} runs a
 * {@code @SpringBootTest}'s shards against a gateway simulator of its own ({@code dev.shard:shard-test}).
 */
@NullMarked
package dev.shard.autoconfigure.test;

import org.jspecify.annotations.NullMarked;
