package dev.shard;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture of the Spring-free modules as ArchUnit rules, shared by {@code shard-core}'s and
 * {@code shard-cluster}'s tests (through the test-jar). Every rule has a self-check in {@code ArchitectureTests}
 * showing that it can fail.
 */
public final class ArchitectureRules {

	/** The packages that must work without Spring. */
	public static final String[] SPRING_FREE_PACKAGES = { "dev.shard.gateway..", "dev.shard.model..",
			"dev.shard.event..", "dev.shard.cluster.." };

	/** Nothing in the core and cluster packages uses Spring. */
	public static final ArchRule NO_SPRING = independentOf("org.springframework..");

	/** No package depends, directly or not, on itself: {@code dev.shard.gateway} and its {@code internal} count apart. */
	public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.shard.(**)").should().beFreeOfCycles();

	/** {@code dev.shard.gateway.internal} is used by its own API package (and itself) only. */
	public static final ArchRule INTERNAL_ONLY_FROM_ITS_API = classes().that()
		.resideInAPackage("dev.shard.gateway.internal..")
		.should()
		.onlyHaveDependentClassesThat()
		.resideInAnyPackage("dev.shard.gateway", "dev.shard.gateway.internal..");

	/** {@code dev.shard.gateway.internal} is a leaf: it uses nothing of the project outside itself. */
	public static final ArchRule INTERNAL_IS_A_LEAF = noClasses().that()
		.resideInAPackage("dev.shard.gateway.internal..")
		.should()
		.dependOnClassesThat(resideInAPackage("dev.shard..").and(resideOutsideOfPackage("dev.shard.gateway.internal..")));

	private ArchitectureRules() {
	}

	/**
	 * The Spring-free packages must not depend on {@code packages}; {@link #NO_SPRING} is this rule for Spring.
	 * @param packages ArchUnit package identifiers
	 * @return the rule
	 */
	public static ArchRule independentOf(String... packages) {
		return noClasses().that()
			.resideInAnyPackage(SPRING_FREE_PACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(packages);
	}

	/**
	 * The production classes under {@code dev.shard} of the jars (or class directories) that hold the given
	 * classes, plus the given test fixtures: no test classes, nothing of the simulator.
	 * @param mainClasses one class of each module to import
	 * @param fixtures test classes to import as well (deliberate violations for the self-checks)
	 * @return the classes
	 */
	public static JavaClasses importMain(List<Class<?>> mainClasses, Class<?>... fixtures) {
		List<String> roots = mainClasses.stream().map(ArchitectureRules::codeSource).toList();
		List<String> fixtureFiles = Arrays.stream(fixtures)
			.map((c) -> "/" + c.getName().replace('.', '/') + ".class")
			.toList();
		ImportOption option = (location) -> roots.stream().anyMatch(location::contains)
				|| fixtureFiles.stream().anyMatch((f) -> location.asURI().toString().endsWith(f));
		return new ClassFileImporter().withImportOption(option).importPackages("dev.shard");
	}

	private static String codeSource(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
