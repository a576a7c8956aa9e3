package dev.shard;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.shard.event.EventBinder;
import dev.shard.gateway.Shard;
import dev.shard.gateway.internal.LeafRuleViolation;
import dev.shard.model.InternalRuleViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shape of {@code shard-core}: no Spring, no package cycles, {@code gateway.internal} reached only from
 * {@code gateway} and using nothing of the project itself. Each rule is also shown to fail on a deliberate
 * violation (test fixtures), so that a rule that cannot fail (a typo in a package name, an empty import) is caught.
 */
class ArchitectureTests {

	private static final JavaClasses CORE = ArchitectureRules.importMain(List.of(Shard.class));

	@Test
	void importsTheCoresProductionClassesOnly() {
		assertThat(CORE.size()).isGreaterThan(200);
		assertThat(CORE.containPackage("dev.shard.gateway")).isTrue();
		assertThat(CORE.containPackage("dev.shard.gateway.internal")).isTrue();
		assertThat(CORE.containPackage("dev.shard.model")).isTrue();
		assertThat(CORE.containPackage("dev.shard.event")).isTrue();
		assertThat(CORE.contain(EventBinder.class)).isTrue();
		assertThat(CORE.contain(ArchitectureTests.class)).isFalse();
		assertThat(CORE.contain(LeafRuleViolation.class)).isFalse();
		assertThat(CORE.containPackage("dev.shard.test.simulator")).isFalse();
	}

	@Test
	void coreUsesNoSpring() {
		ArchitectureRules.NO_SPRING.check(CORE);
	}

	@Test
	void theDependencyRuleCatchesADependency() {
		// Spring cannot be on this module's class path, not even for a fixture: the same rule for a library the
		// model does use must fail
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ArchitectureRules.independentOf("tools.jackson..").check(CORE))
			.withMessageContaining("dev.shard.model");
	}

	@Test
	void noPackageCycles() {
		ArchitectureRules.NO_PACKAGE_CYCLES.check(CORE);
	}

	@Test
	void theCycleRuleCatchesACycle() {
		JavaClasses withCycle = ArchitectureRules.importMain(List.of(Shard.class), LeafRuleViolation.class);
		assertThat(withCycle.contain(LeafRuleViolation.class)).isTrue();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ArchitectureRules.NO_PACKAGE_CYCLES.check(withCycle))
			.withMessageContaining("LeafRuleViolation");
	}

	@Test
	void internalIsReachedOnlyFromItsApiPackage() {
		ArchitectureRules.INTERNAL_ONLY_FROM_ITS_API.check(CORE);
	}

	@Test
	void theInternalRuleCatchesAnOutsideUse() {
		JavaClasses withOutsideUse = ArchitectureRules.importMain(List.of(Shard.class), InternalRuleViolation.class);
		assertThat(withOutsideUse.contain(InternalRuleViolation.class)).isTrue();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ArchitectureRules.INTERNAL_ONLY_FROM_ITS_API.check(withOutsideUse))
			.withMessageContaining("InternalRuleViolation");
	}

	@Test
	void internalIsALeaf() {
		ArchitectureRules.INTERNAL_IS_A_LEAF.check(CORE);
	}

	@Test
	void theLeafRuleCatchesAnInternalClassUsingTheApi() {
		JavaClasses withLeafViolation = ArchitectureRules.importMain(List.of(Shard.class), LeafRuleViolation.class);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ArchitectureRules.INTERNAL_IS_A_LEAF.check(withLeafViolation))
			.withMessageContaining("LeafRuleViolation");
	}

}
