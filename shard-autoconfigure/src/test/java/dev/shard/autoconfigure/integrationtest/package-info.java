/**
 * Health, metrics and the discord endpoint against the gateway simulator.
 */
package dev.shard.autoconfigure.actuate;
