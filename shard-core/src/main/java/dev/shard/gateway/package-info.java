/** The Discord Gateway protocol core. Imports nothing from Spring Boot. */
package dev.shard.gateway;
