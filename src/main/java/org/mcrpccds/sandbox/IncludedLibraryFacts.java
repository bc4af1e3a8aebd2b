package org.mcrpccds.sandbox;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.DraftOrders;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.PrefetchResolver;
import org.mcrpccds.hooks.ServiceDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Values of the included library's defines (McrpcCommon) that the rules read. A hook evaluation
 * returns only the service library's own defines, yet "has a prior taxane" or "PSMA-positive
 * recently" are exactly what explains a rule, so explain evaluates the included library once more
 * over the same data. The data is resolved again for that: a request that relies on fhirServer is
 * fetched twice, which is acceptable for an explain call and costs hook calls nothing.
 */
@Component
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class IncludedLibraryFacts {
  private final PrefetchResolver prefetch;
  private final FhirTypes types;
  private final CqlEvaluator evaluator;
  private final RuleProperties rules;
  private final Clock clock;

  IncludedLibraryFacts(PrefetchResolver prefetch, FhirTypes types, CqlEvaluator evaluator,
      RuleProperties rules, Clock clock) {
    this.prefetch = prefetch;
    this.types = types;
    this.evaluator = evaluator;
    this.rules = rules;
    this.clock = clock;
  }

  /** Library name → every define's value, for each of {@code libraries}. */
  Map<String, DefineResults> evaluate(ServiceDefinition service, HookRequest request, Set<String> libraries) {
    Map<String, DefineResults> results = new LinkedHashMap<>();
    if (libraries.isEmpty()) {
      return results;
    }
    // as in the hook: the drafts' Medications are part of the record, their references resolved
    PatientRecord record = prefetch.resolve(service, request,
        service.isOrderHook() ? DraftOrders.read(request, types) : null).record();
    ZonedDateTime now = ZonedDateTime.now(clock);
    for (String library : libraries) {
      results.put(library, evaluator.evaluate(library, record, request.patientId(), new HashMap<>(rules.cqlParameters()), now));
    }
    return results;
  }
}
