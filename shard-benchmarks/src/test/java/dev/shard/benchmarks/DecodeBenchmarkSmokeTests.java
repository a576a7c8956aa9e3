package dev.shard.benchmarks;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every JMH benchmark once, in-process and very briefly, so that the build proves they work (generated code,
 * state set-up, data files) without measuring anything. The real runs are by hand: see BENCHMARKS.md.
 */
class DecodeBenchmarkSmokeTests {

	@Test
	void everyBenchmarkRunsForEveryPayload() throws Exception {
		Options options = new OptionsBuilder().include(DecodeBenchmark.class.getName())
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(50))
			.shouldFailOnError(true)
			.verbosity(VerboseMode.SILENT)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Set<String> methods = results.stream()
			.map((r) -> r.getParams().getBenchmark().substring(DecodeBenchmark.class.getName().length() + 1))
			.collect(Collectors.toSet());
		assertThat(methods).contains("floorInflate", "floorInflateScan", "floorPlainScan", "referenceInflatePeek",
				"oursInflate", "oursInflatePeek", "oursSkipUnwanted", "oursInflateBind", "oursPlainBind");
		assertThat(results).hasSize(methods.size() * Corpus.Event.values().length);
		assertThat(results).allSatisfy((r) -> assertThat(r.getPrimaryResult().getScore()).isPositive());
	}

}
