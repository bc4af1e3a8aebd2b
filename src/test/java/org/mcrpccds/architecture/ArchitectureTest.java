package org.mcrpccds.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The service's packages, as the code is layered along the request flow (top to bottom):
 *
 * <ol>
 *   <li>edges: security and observability filters, feedback, the sandbox, the benchmark floor;
 *   <li>hooks: the CDS Hooks protocol (discovery, calls, prefetch, draft orders);
 *   <li>cql.evaluation: which evaluator runs, and the shadow check;
 *   <li>cards: rendering from the card definitions and the CQL results;
 *   <li>cql.compiled and cql.reference: the two evaluators, seen by cql.evaluation only;
 *   <li>cql: the evaluator boundary (CqlEvaluator, DefineResults), the libraries, the value sets;
 *   <li>fhir and content: FHIR JSON read in place, the content's files;
 *   <li>web: HTTP basics every layer may use (errors as OperationOutcome, limits, filter order).
 * </ol>
 *
 * A package may use those below it, never one above it, and packages form no cycle. The same
 * rules are run on a fixture that breaks both, so that they are known to fail when they should.
 */
class ArchitectureTest {
  private static final String ROOT = "org.mcrpccds";
  private static final JavaClasses SERVICE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void noCycleBetweenPackages() {
    noCycles(ROOT).check(SERVICE);
  }

  @Test
  void noPackageReachesBackUpTheRequestFlow() {
    requestFlow(ROOT).check(SERVICE);
  }

  /** A layer that uses the one above it, and so also forms a cycle with it, breaks both rules. */
  @Test
  void theRulesFailOnACycleAndOnAPackageReachingBackUp() {
    String fixture = ROOT + ".architecture.fixture";
    JavaClasses broken = new ClassFileImporter().importPackages(fixture);

    assertThat(noCycles(fixture).evaluate(broken).hasViolation()).as("a cycle").isTrue();
    assertThat(requestFlow(fixture).evaluate(broken).hasViolation()).as("cql reaching back up to hooks").isTrue();
  }

  static ArchRule noCycles(String root) {
    return slices().matching(root + ".(**)").should().beFreeOfCycles();
  }

  static LayeredArchitecture requestFlow(String root) {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("edges").definedBy(packages(root, "security..", "observability..", "feedback..", "sandbox..", "bench.."))
        .layer("hooks").definedBy(packages(root, "hooks.."))
        .layer("evaluator choice").definedBy(packages(root, "cql.evaluation.."))
        .layer("cards").definedBy(packages(root, "cards.."))
        .layer("evaluators").definedBy(packages(root, "cql.compiled..", "cql.reference.."))
        .layer("cql").definedBy(packages(root, "cql"))
        .layer("fhir and content").definedBy(packages(root, "fhir..", "content.."))
        .layer("web").definedBy(packages(root, "web.."))
        .whereLayer("edges").mayNotBeAccessedByAnyLayer()
        .whereLayer("hooks").mayOnlyBeAccessedByLayers("edges")
        .whereLayer("evaluator choice").mayNotBeAccessedByAnyLayer()
        .whereLayer("cards").mayOnlyBeAccessedByLayers("edges", "hooks")
        // no caller knows which evaluator runs: only the choice of evaluator sees them
        .whereLayer("evaluators").mayOnlyBeAccessedByLayers("evaluator choice")
        .whereLayer("cql").mayOnlyBeAccessedByLayers("edges", "hooks", "evaluator choice", "cards", "evaluators")
        .whereLayer("fhir and content").mayOnlyBeAccessedByLayers("edges", "hooks", "evaluator choice", "cards", "evaluators", "cql")
        .whereLayer("web").mayOnlyBeAccessedByLayers("edges", "hooks", "evaluator choice", "cards", "evaluators", "cql",
            "fhir and content")
        // a fixture has only some of the layers
        .withOptionalLayers(true);
  }

  private static String[] packages(String root, String... relative) {
    return Arrays.stream(relative).map(p -> root + "." + p).toArray(String[]::new);
  }
}
