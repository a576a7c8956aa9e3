package dev.shard.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Spring glue may use of the other modules: the core's exported API only (never
 * {@code dev.shard.gateway.internal}), and the optional {@code shard-cluster} only from the package whose
 * auto-configurations are conditional on it. That the core and the cluster module stay free of Spring is guarded by
 * their own architecture tests; Maven keeps them from seeing this module at all.
 */
class CoreBoundaryTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.shard");

	@Test
	void autoConfigurationShouldUseTheCoreApiOnly() {
		gluePackages().should().dependOnClassesThat().resideInAnyPackage("dev.shard.gateway.internal..").check(CLASSES);
	}

	@Test
	void onlyTheRedisPackageShouldUseTheOptionalClusterModule() {
		ArchRule rule = noClasses().that()
			.resideInAnyPackage("dev.shard.autoconfigure", "dev.shard.autoconfigure.health",
					"dev.shard.autoconfigure.metrics", "dev.shard.autoconfigure.endpoint",
					"dev.shard.autoconfigure.interactions")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.shard.cluster..", "io.lettuce..");
		rule.check(CLASSES);
	}

	@Test
	void theRulesShouldSeeTheClassesTheyGuard() {
		// Guards against a vacuous pass (e.g. an import that finds nothing).
		assertThat(CLASSES.containPackage("dev.shard.autoconfigure")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.autoconfigure.redis")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.gateway")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.gateway.internal")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.cluster")).isTrue();
	}

	@Test
	void theRulesShouldCatchAViolation() {
		// The same rules aimed at packages the glue does use must fail: dependencies on the core are seen.
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> gluePackages().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.shard.gateway")
			.check(CLASSES));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noClasses().that()
			.resideInAnyPackage("dev.shard.autoconfigure.redis")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.shard.cluster..")
			.check(CLASSES));
	}

	private static GivenClassesConjunction gluePackages() {
		return noClasses().that().resideInAnyPackage("dev.shard.autoconfigure..");
	}

}
