package org.mcrpccds.hooks;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.cards.CardRenderer;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.LenientResourceParser;
import org.mcrpccds.fhir.PatientRecord;
import org.springframework.stereotype.Service;

/** Answers one hook call: gather the patient's data, evaluate the service's library, render cards. */
@Service
public class HookService {
  private final PrefetchResolver prefetch;
  private final LenientResourceParser parser;
  private final CqlEvaluator evaluator;
  private final CardRenderer renderer;
  private final RuleProperties rules;
  private final Clock clock;

  public HookService(PrefetchResolver prefetch, LenientResourceParser parser, CqlEvaluator evaluator,
      CardRenderer renderer, RuleProperties rules, Clock clock) {
    this.prefetch = prefetch;
    this.parser = parser;
    this.evaluator = evaluator;
    this.renderer = renderer;
    this.rules = rules;
    this.clock = clock;
  }

  public List<CdsServiceResponseCardJson> cards(ServiceDefinition service, HookRequest request) {
    Map<String, Object> results = evaluate(service, request);
    return renderer.render(service.cards(), results, Map.of("patientId", request.patientId()));
  }

  /** Every define of the service's library for this request (also what an explanation shows). */
  public Map<String, Object> evaluate(ServiceDefinition service, HookRequest request) {
    Map<String, Object> parameters = new HashMap<>(rules.cqlParameters());
    PatientRecord record;
    if (service.isOrderHook()) {
      DraftOrders drafts = DraftOrders.read(request, parser);
      record = prefetch.resolve(service, request).addAll(drafts.medications());
      parameters.put("Draft Medication Orders", drafts.medicationRequests());
      parameters.put("Draft Service Orders", drafts.serviceRequests());
    } else {
      record = prefetch.resolve(service, request);
    }
    return evaluator.evaluate(service.library(), record, request.patientId(), parameters, ZonedDateTime.now(clock));
  }
}
