/**
 * Spring Boot auto-configuration of the Discord Gateway client: properties, shards started with the application,
 * and the bridge that publishes gateway events as application events.
 */
@NullMarked
package dev.shard.autoconfigure;

import org.jspecify.annotations.NullMarked;
