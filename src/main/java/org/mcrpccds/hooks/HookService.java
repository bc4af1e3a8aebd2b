package org.mcrpccds.hooks;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mcrpccds.cards.CardRenderer;
import org.mcrpccds.cql.CqlEvaluator;
import org.mcrpccds.cql.DefineResults;
import org.mcrpccds.cql.RuleProperties;
import org.mcrpccds.fhir.FhirTypes;
import org.mcrpccds.fhir.PatientRecord;
import org.springframework.stereotype.Service;

/** Answers one hook call: gather the patient's data, evaluate the service's library, render cards. */
@Service
public class HookService {
  private final PrefetchResolver prefetch;
  private final FhirTypes types;
  private final CqlEvaluator evaluator;
  private final CardRenderer renderer;
  private final RuleProperties rules;
  private final Clock clock;

  public HookService(PrefetchResolver prefetch, FhirTypes types, CqlEvaluator evaluator,
      CardRenderer renderer, RuleProperties rules, Clock clock) {
    this.prefetch = prefetch;
    this.types = types;
    this.evaluator = evaluator;
    this.renderer = renderer;
    this.rules = rules;
    this.clock = clock;
  }

  /** The answer to one call: the cards, every define's value, and where the data came from. */
  public record Outcome(List<CdsServiceResponseCardJson> cards, DefineResults results, Map<String, String> dataSources) {}

  public Outcome handle(ServiceDefinition service, HookRequest request) {
    Map<String, Object> parameters = new HashMap<>(rules.cqlParameters());
    DraftOrders drafts = service.isOrderHook() ? DraftOrders.read(request, types) : null;
    PrefetchResolver.Resolved data = prefetch.resolve(service, request, drafts);
    PatientRecord record = data.record();
    if (drafts != null) {
      parameters.putAll(drafts.cqlParameters());
    }
    DefineResults results =
        evaluator.evaluate(service.library(), record, request.patientId(), parameters, ZonedDateTime.now(clock));
    Map<String, Object> facts = new HashMap<>();
    facts.put("patientId", request.patientId());
    if (request.context().path("userId").isTextual()) {
      facts.put("userId", request.context().get("userId").asText());
    }
    return new Outcome(renderer.render(service.cards(), service.cardFooter(), results, facts), results, data.sources());
  }
}
