/**
 * Whole applications against the gateway simulator (a web server, the actuator over HTTP): health, metrics, the
 * {@code discord} endpoint, readiness and the Redis leases together, as Spring Boot groups its own tests that span
 * several auto-configurations. Tests of one class sit beside it in that class's package.
 */
package dev.shard.autoconfigure.integrationtest;
