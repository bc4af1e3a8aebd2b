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
import org.springframework.stereotype.Service;

/** Answers one hook call: gather the patient's data, evaluate the service's library, render cards. */
@Service
public class HookService {
  private final EvaluationInputs inputs;
  private final CqlEvaluator evaluator;
  private final CardRenderer renderer;
  private final Clock clock;

  public HookService(EvaluationInputs inputs, CqlEvaluator evaluator, CardRenderer renderer, Clock clock) {
    this.inputs = inputs;
    this.evaluator = evaluator;
    this.renderer = renderer;
    this.clock = clock;
  }

  /**
   * The answer to one call: the cards, every define's value, and what was evaluated (with where its
   * data came from), for explain to evaluate more over the same data.
   */
  public record Outcome(List<CdsServiceResponseCardJson> cards, DefineResults results, EvaluationInputs.Input input) {}

  public Outcome handle(ServiceDefinition service, HookRequest request) {
    EvaluationInputs.Input input = inputs.of(service, request);
    DefineResults results = evaluator.evaluate(service.library(), input.record(), input.patientId(), input.parameters(),
        ZonedDateTime.now(clock));
    Map<String, Object> facts = new HashMap<>();
    facts.put("patientId", request.patientId());
    if (request.context().path("userId").isTextual()) {
      facts.put("userId", request.context().get("userId").asText());
    }
    return new Outcome(renderer.render(service.cards(), service.cardFooter(), results, facts), results, input);
  }
}
