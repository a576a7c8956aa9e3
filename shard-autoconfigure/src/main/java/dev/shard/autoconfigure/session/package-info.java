/**
 * Where the auto-configured shards keep their sessions between runs
 * ({@link dev.shard.autoconfigure.session.DiscordSessionStoreAutoConfiguration}, {@code discord.gateway.session-store.*}),
 * and the starter's own store: {@link dev.shard.autoconfigure.session.JdbcSessionStore}, shards' sessions in a
 * relational database (PostgreSQL, MariaDB, MySQL), with the table's DDL
 * ({@link dev.shard.autoconfigure.session.JdbcSessionStoreSchema}).
 */
@NullMarked
package dev.shard.autoconfigure.session;

import org.jspecify.annotations.NullMarked;
