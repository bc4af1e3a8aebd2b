package org.mcrpccds.cql.compiled;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.reference.ReferenceCqlEvaluator;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.opencds.cqf.cql.engine.exception.CqlException;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;

/** Where the reference engine stops with an error, the compiled evaluator stops too. */
class CqlErrorsTest {
  private static final String HEADER = """
      using FHIR version '4.0.1'
      include FHIRHelpers version '4.0.1' called FHIRHelpers
      context Patient
      """;

  private final CompiledLibraries libraries = new CompiledLibraries(List.of(
      "library Raising version '1.0.0'\n" + HEADER + "define \"Value\": Message(5, true, 'X1', 'Error', 'an error the author raised')",
      "library Singleton version '1.0.0'\n" + HEADER + "define \"Value\": singleton from { 1, 2 }"));
  private final CqlEvaluator compiled = new CompiledCqlEvaluator(libraries, TestEvaluator.terminology(), TestContent.TYPES);
  private final CqlEvaluator reference = new ReferenceCqlEvaluator(libraries, TestEvaluator.terminology(),
      FhirModelResolverCache.resolverForVersion(ca.uhn.fhir.context.FhirVersionEnum.R4), new LenientResourceParser(TestContent.FHIR), TestContent.TYPES);

  @Test
  void anErrorMessageStopsBoth() {
    for (CqlEvaluator evaluator : List.of(reference, compiled)) {
      assertThatThrownBy(() -> value(evaluator, "Raising")).as(evaluator.getClass().getSimpleName())
          .isInstanceOf(CqlException.class).hasMessageContaining("X1: an error the author raised");
    }
  }

  @Test
  void anOperatorErrorStopsBoth() {
    for (CqlEvaluator evaluator : List.of(reference, compiled)) {
      assertThatThrownBy(() -> value(evaluator, "Singleton")).as(evaluator.getClass().getSimpleName())
          .isInstanceOf(CqlException.class);
    }
  }

  private static Object value(CqlEvaluator evaluator, String library) {
    return evaluator.evaluate(library, new PatientRecord(), "p1", Map.of(), ZonedDateTime.now(ZoneOffset.UTC)).get("Value");
  }
}
