/**
 * End-to-end harnesses: one simulator (in the driver JVM), each client in its own child JVM against the same
 * pre-encoded stream. Run {@code Harness}; see BENCHMARKS.md.
 */
package dev.shard.benchmarks.e2e;
