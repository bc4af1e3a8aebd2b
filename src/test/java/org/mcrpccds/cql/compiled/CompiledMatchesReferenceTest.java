package org.mcrpccds.cql.compiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.support.RuleCase;
import org.mcrpccds.support.TestEvaluator;
import org.opencds.cqf.cql.engine.elm.executing.EqualEvaluator;
import org.opencds.cqf.cql.engine.runtime.BaseTemporal;
import org.opencds.cqf.cql.engine.runtime.Concept;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/**
 * The compiled evaluator against the reference CQL engine, define by define: on every rule case,
 * every define of the hook's library and of McrpcCommon has the same value from both (the same
 * resources, the same System values with the same precision, the same lists in the same order).
 */
class CompiledMatchesReferenceTest {

  static Stream<RuleCase> cases() {
    return Stream.concat(RuleCase.all("patient-view").stream(), RuleCase.all("order").stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyDefineHasTheReferenceValue(RuleCase ruleCase) {
    for (String library : List.of(TestEvaluator.libraryOf(ruleCase), "McrpcCommon")) {
      Map<String, Object> expected = TestEvaluator.evaluate(ruleCase, TestEvaluator.reference(), library);
      Map<String, Object> actual = TestEvaluator.evaluate(ruleCase, TestEvaluator.compiled(), library);

      assertThat(actual.keySet()).as(library + " defines").containsExactlyElementsOf(expected.keySet());
      List<String> differences = new ArrayList<>();
      expected.forEach((define, value) -> {
        String difference = difference(value, actual.get(define));
        if (difference != null) {
          differences.add(library + "." + define + ": " + difference);
        }
      });
      assertThat(differences).as(ruleCase.description()).isEmpty();
    }
  }

  /** Why {@code actual} (compiled) is not {@code expected} (reference), or null when it is the same value. */
  static String difference(Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual ? null : "expected " + expected + " but was " + actual;
    }
    if (expected instanceof IBaseResource resource) {
      boolean same = actual instanceof FhirElement element && element.type().name().equals(resource.fhirType())
          && java.util.Objects.equals(element.resourceId(), resource.getIdElement().getIdPart());
      return same ? null : "expected " + resource.fhirType() + "/" + resource.getIdElement().getIdPart() + " but was " + actual;
    }
    if (expected instanceof IPrimitiveType<?> primitive) {
      boolean same = actual instanceof FhirElement element && element.type().isPrimitive()
          && element.json() != null && element.json().asText().equals(primitive.getValueAsString());
      return same ? null : "expected " + primitive.getValueAsString() + " but was " + actual;
    }
    if (expected instanceof org.hl7.fhir.instance.model.api.IBase base) {
      return "a FHIR " + base.fhirType() + " value, which this test does not compare: compare it here";
    }
    if (expected instanceof Iterable<?> list) {
      if (!(actual instanceof Iterable<?> other)) {
        return "expected a list but was " + actual;
      }
      Iterator<?> e = list.iterator();
      Iterator<?> a = other.iterator();
      int index = 0;
      while (e.hasNext() && a.hasNext()) {
        String difference = difference(e.next(), a.next());
        if (difference != null) {
          return "[" + index + "] " + difference;
        }
        index++;
      }
      return e.hasNext() || a.hasNext() ? "lists of different sizes: " + expected + " / " + actual : null;
    }
    if (expected instanceof Tuple tuple) {
      if (!(actual instanceof Tuple other) || !tuple.getElements().keySet().equals(other.getElements().keySet())) {
        return "expected " + expected + " but was " + actual;
      }
      for (String name : tuple.getElements().keySet()) {
        String difference = difference(tuple.getElements().get(name), other.getElements().get(name));
        if (difference != null) {
          return "." + name + " " + difference;
        }
      }
      return null;
    }
    if (expected.getClass() != actual.getClass()) {
      return "expected a " + expected.getClass().getSimpleName() + " but was a " + actual.getClass().getSimpleName() + ": " + actual;
    }
    if (expected instanceof Concept concept) {
      // compared by parts: CQL equality of concepts without codes is null, not true
      Concept other = (Concept) actual;
      if (!java.util.Objects.equals(concept.getDisplay(), other.getDisplay())) {
        return "expected display " + concept.getDisplay() + " but was " + other.getDisplay();
      }
      String codes = difference(concept.getCodes(), other.getCodes());
      return codes == null ? null : ".codes " + codes;
    }
    if (expected instanceof BaseTemporal && !expected.toString().equals(actual.toString())) {
      return "expected " + expected + " but was " + actual;
    }
    return Boolean.TRUE.equals(EqualEvaluator.equal(expected, actual)) ? null : "expected " + expected + " but was " + actual;
  }
}
