package org.mcrpccds.cql.evaluation;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.ResultDifference;
import org.mcrpccds.fhir.PatientRecord;

/**
 * One library evaluated for one patient by the reference engine and by the compiled evaluator, every
 * define compared ({@link ResultDifference}). What the shadow check does with live calls and the
 * differential test with generated ones.
 */
public final class EvaluatorComparison {
  /** The define named when one evaluator failed and the other did not, or they failed differently: no define can be blamed. */
  public static final String WHOLE_LIBRARY = "(evaluation failed)";

  /**
   * A define whose values differ. {@code description} quotes the values (or the failures'
   * messages): for tests, never for a log, where only {@code define} may go.
   */
  public record Disagreement(String library, String define, String description) {}

  private record Outcome(Map<String, Object> values, RuntimeException failure) {}

  private EvaluatorComparison() {}

  /** Where {@code compiled} differs from {@code reference} on every define of {@code library}; empty when they agree. */
  public static List<Disagreement> compare(CqlEvaluator reference, CqlEvaluator compiled, String library, PatientRecord record,
      String patientId, Map<String, Object> parameters, ZonedDateTime now) {
    return compare(library, () -> reference.evaluate(library, record, patientId, parameters, now),
        () -> compiled.evaluate(library, record, patientId, parameters, now));
  }

  /** Where the compiled evaluator's results differ from the reference engine's; each supplier evaluates, or throws. */
  public static List<Disagreement> compare(String library, Supplier<DefineResults> reference, Supplier<DefineResults> compiled) {
    Outcome expected = evaluate(reference);
    Outcome actual = evaluate(compiled);
    List<Disagreement> disagreements = new ArrayList<>();
    if (expected.failure() != null || actual.failure() != null) {
      if (expected.failure() == null || actual.failure() == null || expected.failure().getClass() != actual.failure().getClass()) {
        disagreements.add(new Disagreement(library, WHOLE_LIBRARY,
            "the compiled evaluator " + outcome(actual) + ", the reference engine " + outcome(expected)));
      }
      return disagreements;
    }
    expected.values().forEach((define, value) -> {
      String difference = actual.values().containsKey(define)
          ? ResultDifference.between(value, actual.values().get(define)) : "no such define in the compiled evaluator's results";
      if (difference != null) {
        disagreements.add(new Disagreement(library, define, difference));
      }
    });
    return disagreements;
  }

  private static Outcome evaluate(Supplier<DefineResults> evaluation) {
    try {
      return new Outcome(evaluation.get().all(), null);
    } catch (RuntimeException e) {
      return new Outcome(null, e);
    }
  }

  private static String outcome(Outcome outcome) {
    RuntimeException failure = outcome.failure();
    return failure == null ? "gave values" : "failed with " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
