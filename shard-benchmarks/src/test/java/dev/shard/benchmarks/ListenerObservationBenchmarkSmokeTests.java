package dev.shard.benchmarks;

import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link ListenerObservationBenchmark} once per registry, in-process and briefly: its set-up checks that the
 * observations are installed exactly when a registry that is not NOOP exists. Measuring is by hand (BENCHMARKS.md).
 */
class ListenerObservationBenchmarkSmokeTests {

	@Test
	void runsForEveryRegistry() throws Exception {
		Options options = new OptionsBuilder().include(ListenerObservationBenchmark.class.getName())
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(50))
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		assertThat(results).hasSize(4);
		assertThat(results).allSatisfy((r) -> assertThat(r.getPrimaryResult().getScore()).isPositive());
	}

}
