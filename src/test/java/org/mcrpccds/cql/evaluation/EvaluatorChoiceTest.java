package org.mcrpccds.cql.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.CqlProperties;
import org.mcrpccds.cql.compiled.CompiledCqlEvaluator;
import org.mcrpccds.cql.compiled.UnsupportedElmException;
import org.mcrpccds.cql.reference.ReferenceCqlEvaluator;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;

/**
 * mcrpc.cql.evaluator: the shipped libraries run compiled; a library the compiled evaluator cannot
 * run falls back to the reference engine (auto) or stops the service (compiled), and either way
 * the construct is named.
 */
class EvaluatorChoiceTest {
  /** Precision() is one of the few CQL operators the compiled evaluator does not implement. */
  private static final String UNSUPPORTED = """
      library Unsupported version '1.0.0'
      using FHIR version '4.0.1'
      include FHIRHelpers version '4.0.1' called FHIRHelpers
      context Patient
      define "Digits": Precision(1.58700)
      """;

  private CqlEvaluator choose(CompiledLibraries libraries, CqlProperties.Evaluator evaluator) {
    return choose(libraries, evaluator, 0, new SimpleMeterRegistry());
  }

  private CqlEvaluator choose(CompiledLibraries libraries, CqlProperties.Evaluator evaluator, double shadowRate,
      SimpleMeterRegistry meters) {
    return new EvaluatorConfig().cqlEvaluator(libraries, TestEvaluator.terminology(), TestContent.FHIR, TestContent.TYPES,
        new LenientResourceParser(TestContent.FHIR), new CqlProperties(evaluator, shadowRate, 16), meters);
  }

  @Test
  void theShippedLibrariesRunCompiled() {
    var libraries = TestEvaluator.libraries();

    assertThat(choose(libraries, CqlProperties.Evaluator.AUTO)).isInstanceOf(CompiledCqlEvaluator.class);
    assertThat(choose(libraries, CqlProperties.Evaluator.COMPILED)).isInstanceOf(CompiledCqlEvaluator.class);
    assertThat(choose(libraries, CqlProperties.Evaluator.REFERENCE)).isInstanceOf(ReferenceCqlEvaluator.class);
  }

  /** mcrpc.cql.shadow-rate: the shadow check in front of the compiled evaluator; off on the reference engine, which has nothing to check. */
  @Test
  void aShadowRatePutsTheShadowCheckBesideTheCompiledEvaluator() {
    var libraries = TestEvaluator.libraries();
    var meters = new SimpleMeterRegistry();

    CqlEvaluator shadowed = choose(libraries, CqlProperties.Evaluator.AUTO, 0.01, meters);
    CqlEvaluator reference = choose(libraries, CqlProperties.Evaluator.REFERENCE, 0.01, meters);

    assertThat(shadowed).isInstanceOf(ShadowCheck.class);
    assertThat(reference).isInstanceOf(ReferenceCqlEvaluator.class);
    ((ShadowCheck) shadowed).close();
  }

  @Test
  void aShadowRateOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new CqlProperties(CqlProperties.Evaluator.AUTO, 1.5, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mcrpc.cql.shadow-rate");
  }

  @Test
  void aLibraryTheCompiledEvaluatorCannotRunFallsBackToTheReferenceEngine() {
    var libraries = new CompiledLibraries(List.of(UNSUPPORTED));

    CqlEvaluator auto = choose(libraries, CqlProperties.Evaluator.AUTO);

    assertThat(auto).isInstanceOf(ReferenceCqlEvaluator.class);
    var results = auto.evaluate("Unsupported", new PatientRecord(), "p1", Map.of(), ZonedDateTime.now(ZoneOffset.UTC));
    assertThat(results.get("Digits")).isEqualTo(5);
  }

  @Test
  void compiledRefusesToStartAndNamesTheConstruct() {
    var libraries = new CompiledLibraries(List.of(UNSUPPORTED));

    assertThatThrownBy(() -> choose(libraries, CqlProperties.Evaluator.COMPILED))
        .isInstanceOf(UnsupportedElmException.class)
        .hasMessageContaining("Unsupported")
        .hasMessageContaining("Precision");
  }

  /**
   * Part of FHIRHelpers runs as Java written from version 4.0.1 (FhirHelpersInJava): content with
   * another FHIRHelpers does not run compiled, rather than silently running 4.0.1's functions.
   */
  @Test
  void anotherFhirHelpersVersionIsRefusedByTheCompiledEvaluator() {
    var libraries = new CompiledLibraries(List.of("""
        library FHIRHelpers version '4.0.2'
        using FHIR version '4.0.1'
        context Patient
        define function ToString(value FHIR.string): value.value
        """, """
        library WithOtherHelpers version '1.0.0'
        using FHIR version '4.0.1'
        include FHIRHelpers version '4.0.2' called FHIRHelpers
        context Patient
        define "One": 1
        """));

    assertThatThrownBy(() -> choose(libraries, CqlProperties.Evaluator.COMPILED))
        .isInstanceOf(UnsupportedElmException.class)
        .hasMessageContaining("FHIRHelpers version 4.0.2");
    CqlEvaluator auto = choose(libraries, CqlProperties.Evaluator.AUTO);
    assertThat(auto).isInstanceOf(ReferenceCqlEvaluator.class);
    assertThat(auto.evaluate("WithOtherHelpers", new PatientRecord(), "p1", Map.of(), ZonedDateTime.now(ZoneOffset.UTC))
        .get("One")).isEqualTo(1);
  }
}
