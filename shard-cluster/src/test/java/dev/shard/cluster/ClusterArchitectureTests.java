package dev.shard.cluster;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.shard.ArchitectureRules;
import dev.shard.gateway.Shard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code shard-cluster} keeps the core's rules (see {@code dev.shard.ArchitectureRules}): no Spring, no package
 * cycles with the core, nothing of {@code dev.shard.gateway.internal}.
 */
class ClusterArchitectureTests {

	private static final JavaClasses CLASSES = ArchitectureRules
		.importMain(List.of(Shard.class, ShardLeaseManager.class));

	@Test
	void importsTheClusterAndTheCore() {
		assertThat(CLASSES.containPackage("dev.shard.cluster")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.gateway")).isTrue();
		assertThat(CLASSES.contain(ShardLeaseManager.class)).isTrue();
		assertThat(CLASSES.contain(ClusterArchitectureTests.class)).isFalse();
		assertThat(CLASSES.contain(RedisTestSupport.class)).isFalse();
	}

	@Test
	void clusterUsesNoSpring() {
		ArchitectureRules.NO_SPRING.check(CLASSES);
	}

	@Test
	void theDependencyRuleCatchesADependency() {
		// no Spring on this class path either: the same rule for the Redis client the cluster does use must fail
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ArchitectureRules.independentOf("io.lettuce..").check(CLASSES))
			.withMessageContaining("dev.shard.cluster");
	}

	@Test
	void noPackageCycles() {
		ArchitectureRules.NO_PACKAGE_CYCLES.check(CLASSES);
	}

	@Test
	void internalIsReachedOnlyFromItsApiPackage() {
		ArchitectureRules.INTERNAL_ONLY_FROM_ITS_API.check(CLASSES);
	}

}
