/** A local Discord Gateway and REST simulator. */
package dev.shard.test.simulator;
