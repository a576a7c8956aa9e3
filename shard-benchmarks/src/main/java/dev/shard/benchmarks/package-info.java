/**
 * Benchmarks of the Shard decode path (JMH) and end-to-end harnesses against the Java peers. Test data is read at
 * run time from the shared corpus ({@code ../shared/corpus}) or, when it is absent, generated with the same shape;
 * no corpus file is copied into this module.
 */
package dev.shard.benchmarks;
