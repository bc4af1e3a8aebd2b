package org.mcrpccds.sandbox;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.hooks.EvaluationInputs;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.ServiceDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Values of the included library's defines (McrpcCommon) that the rules read. A hook evaluation
 * returns only the service library's own defines, yet "has a prior taxane" or "PSMA-positive
 * recently" are exactly what explains a rule, so explain evaluates the included library once more
 * over the same data. The data is gathered again for that, as the hook gathers it: a request that
 * relies on fhirServer is fetched twice, which is acceptable for an explain call and costs hook
 * calls nothing.
 */
@Component
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class IncludedLibraryFacts {
  private final EvaluationInputs inputs;
  private final CqlEvaluator evaluator;
  private final Clock clock;

  IncludedLibraryFacts(EvaluationInputs inputs, CqlEvaluator evaluator, Clock clock) {
    this.inputs = inputs;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  /** Library name → every define's value, for each of {@code libraries}. */
  Map<String, DefineResults> evaluate(ServiceDefinition service, HookRequest request, Set<String> libraries) {
    Map<String, DefineResults> results = new LinkedHashMap<>();
    if (libraries.isEmpty()) {
      return results;
    }
    EvaluationInputs.Input input = inputs.of(service, request);
    ZonedDateTime now = ZonedDateTime.now(clock);
    for (String library : libraries) {
      results.put(library, evaluator.evaluate(library, input.record(), input.patientId(), input.parameters(), now));
    }
    return results;
  }
}
