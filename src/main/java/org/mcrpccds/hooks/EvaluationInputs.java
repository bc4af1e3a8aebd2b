package org.mcrpccds.hooks;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.PatientRecord;
import org.springframework.stereotype.Component;

/**
 * The one way a checked hook request becomes what its evaluation needs: an order hook's drafts
 * ({@link DraftOrders}), the patient's record from prefetch or {@code fhirServer} with the drafts'
 * Medications and every medication reference resolved ({@link PrefetchResolver}), and the CQL
 * parameters (the rule settings, and the drafts). The hook call, the explain view and the
 * benchmark's floor all gather their data here, so that what is explained or measured is what a
 * hook call evaluates.
 */
@Component
public class EvaluationInputs {
  private final PrefetchResolver prefetch;
  private final FhirTypes types;
  /** The rule settings as CQL parameters: they do not change, so they are built once and shared. */
  private final Map<String, Object> ruleParameters;

  public EvaluationInputs(PrefetchResolver prefetch, FhirTypes types, RuleProperties rules) {
    this.prefetch = prefetch;
    this.types = types;
    this.ruleParameters = Map.copyOf(rules.cqlParameters());
  }

  /**
   * What one call's evaluation reads, and where its data came from.
   *
   * @param dataSources per prefetch key, how its data was obtained ({@link PrefetchResolver.Resolved})
   */
  public record Input(PatientRecord record, String patientId, Map<String, Object> parameters,
      Map<String, String> dataSources) {}

  /**
   * @throws org.mcrpccds.web.ApiException 400 for drafts or data that are no FHIR, 412 for required
   *     data that cannot be had
   */
  public Input of(ServiceDefinition service, HookRequest request) {
    DraftOrders drafts = service.isOrderHook() ? DraftOrders.read(request, types) : null;
    PrefetchResolver.Resolved data = prefetch.resolve(service, request, drafts);
    return new Input(data.record(), request.patientId(), parameters(drafts), data.sources());
  }

  /**
   * The CQL parameters of a call, unmodifiable (evaluators only read them): the rule settings and,
   * for an order hook, its drafts.
   *
   * @param drafts null for patient-view
   */
  public Map<String, Object> parameters(DraftOrders drafts) {
    if (drafts == null) {
      return ruleParameters;
    }
    Map<String, Object> parameters = new HashMap<>(ruleParameters);
    parameters.putAll(drafts.cqlParameters());
    return Collections.unmodifiableMap(parameters);
  }
}
