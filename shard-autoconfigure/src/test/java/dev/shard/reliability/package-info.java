/**
 * Reliability and security tests: the fault matrix against the simulator, decoder fuzzing, token secrecy, and
 * the soak run (gated by {@code -Dshard.soak=true}).
 */
package dev.shard.reliability;
