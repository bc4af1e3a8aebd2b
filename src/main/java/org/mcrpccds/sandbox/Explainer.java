package org.mcrpccds.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.HookService;
import org.mcrpccds.hooks.ServiceDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Answers a hook request as the hook does ({@link HookService}) and adds, per rule, the values of
 * the defines it depends on ({@link RuleInputs}), including those of the included library.
 */
@Component
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class Explainer {
  private final HookService hooks;
  private final RuleInputs ruleInputs;
  private final IncludedLibraryFacts includedFacts;

  Explainer(HookService hooks, RuleInputs ruleInputs, IncludedLibraryFacts includedFacts) {
    this.hooks = hooks;
    this.ruleInputs = ruleInputs;
    this.includedFacts = includedFacts;
  }

  Explanation explain(ServiceDefinition service, HookRequest request) {
    HookService.Outcome outcome = hooks.handle(service, request);
    Map<String, Object> facts = FactValues.printable(outcome.results());
    List<RuleInputs.RuleInput> inputs = ruleInputs.of(service.id());

    Set<String> includedLibraries = new LinkedHashSet<>();
    inputs.forEach(input -> input.included().forEach(define -> includedLibraries.add(define.library())));
    Map<String, Map<String, Object>> included = new HashMap<>();
    includedFacts.evaluate(outcome.input(), includedLibraries)
        .forEach((library, results) -> included.put(library, FactValues.printable(results)));

    List<Explanation.RuleExplanation> rules = new ArrayList<>();
    for (RuleInputs.RuleInput input : inputs) {
      List<Explanation.Fact> used = new ArrayList<>();
      input.defines().forEach(define -> used.add(new Explanation.Fact(service.library(), define, facts.get(define))));
      input.included().forEach(define -> used.add(new Explanation.Fact(define.library(), define.name(),
          included.getOrDefault(define.library(), Map.of()).get(define.name()))));
      rules.add(new Explanation.RuleExplanation(input.rule(), input.fires(),
          Boolean.TRUE.equals(outcome.results().get(input.fires())), used));
    }
    return new Explanation(service.id(), service.hook(), service.library(), outcome.cards(), rules, facts,
        outcome.input().dataSources());
  }
}
