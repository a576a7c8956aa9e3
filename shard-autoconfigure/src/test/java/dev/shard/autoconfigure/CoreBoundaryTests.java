package dev.shard.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway core, the model and the event records stay free of Spring Boot and of the auto-configuration, so
 * they can be used (and tested) without Boot.
 */
class CoreBoundaryTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.shard");

	@Test
	void corePackagesShouldNotDependOnSpringBootOrTheAutoConfiguration() {
		ArchRule rule = noClasses().that()
			.resideInAnyPackage("dev.shard.gateway..", "dev.shard.model..", "dev.shard.event..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..", "dev.shard.autoconfigure..");
		rule.check(CLASSES);
	}

	@Test
	void theRuleShouldSeeTheClassesItGuards() {
		// Guards against a vacuous pass (e.g. an import that finds nothing).
		assertThat(CLASSES.containPackage("dev.shard.gateway")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.event")).isTrue();
		assertThat(CLASSES.containPackage("dev.shard.autoconfigure")).isTrue();
	}

	@Test
	void theRuleShouldCatchAViolation() {
		ArchRule rule = noClasses().that()
			.resideInAnyPackage("dev.shard.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot..");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> rule.check(CLASSES)).isInstanceOf(AssertionError.class);
	}

}
