package org.mcrpccds.sandbox;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.hooks.EvaluationInputs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Values of the included library's defines (McrpcCommon) that the rules read. A hook evaluation
 * returns only the service library's own defines, yet "has a prior taxane" or "PSMA-positive
 * recently" are exactly what explains a rule, so explain evaluates the included library once more
 * over the data the hook evaluated (nothing is fetched again), which costs hook calls nothing.
 */
@Component
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class IncludedLibraryFacts {
  private final CqlEvaluator evaluator;
  private final Clock clock;

  IncludedLibraryFacts(CqlEvaluator evaluator, Clock clock) {
    this.evaluator = evaluator;
    this.clock = clock;
  }

  /** Library name → every define's value, for each of {@code libraries}, over the hook's {@code input}. */
  Map<String, DefineResults> evaluate(EvaluationInputs.Input input, Set<String> libraries) {
    Map<String, DefineResults> results = new LinkedHashMap<>();
    ZonedDateTime now = ZonedDateTime.now(clock);
    for (String library : libraries) {
      results.put(library, evaluator.evaluate(library, input.record(), input.patientId(), input.parameters(), now));
    }
    return results;
  }
}
