package org.mcrpccds.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcrpccds.cards.CardCatalog;
import org.mcrpccds.cards.CardDefinition;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.hooks.ServiceDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * For every service and rule, the defines its card depends on: the define that fires it, the
 * defines its indicator, summary and suggestions read, and everything those read in turn.
 * Computed once at startup from the compiled ELM, so explaining costs one evaluation, no analysis.
 */
@Component
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class RuleInputs {
  /** Mustache variables and sections: {{Name}}, {{#Name}}, {{^Name}}; not partials or comments. */
  private static final Pattern TEMPLATE_NAME = Pattern.compile("\\{\\{\\s*[#^&]?\\s*([^{}>!/#^&][^{}]*?)\\s*}}");

  /** One rule's inputs: defines of the service's library and defines of included libraries. */
  record RuleInput(String rule, String fires, List<String> defines, List<DefineGraph.IncludedDefine> included) {}

  private final Map<String, List<RuleInput>> byService = new HashMap<>();

  RuleInputs(ServiceCatalog services, CardCatalog cards, CompiledLibraries libraries) {
    Map<String, DefineGraph> graphs = new HashMap<>();
    for (ServiceDefinition service : services.all()) {
      DefineGraph graph = graphs.computeIfAbsent(service.library(), name -> new DefineGraph(libraries.compiled(name).getLibrary()));
      byService.put(service.id(), service.cards().stream().map(rule -> input(cards.card(rule), graph)).toList());
    }
  }

  List<RuleInput> of(String serviceId) {
    return byService.getOrDefault(serviceId, List.of());
  }

  private static RuleInput input(CardDefinition card, DefineGraph graph) {
    List<String> roots = new ArrayList<>();
    roots.add(card.fires());
    roots.addAll(templateNames(card.indicator()));
    roots.addAll(templateNames(card.summary()));
    for (CardDefinition.Suggestion suggestion : card.suggestions()) {
      if (suggestion.when() != null) {
        roots.add(suggestion.when());
      }
      suggestion.actions().stream().filter(a -> a.resourceIds() != null).forEach(a -> roots.add(a.resourceIds()));
    }
    DefineGraph.Reads reads = graph.reads(roots.stream().filter(graph::isDefine).distinct().toList());
    return new RuleInput(card.rule(), card.fires(), reads.defines(), reads.included());
  }

  private static List<String> templateNames(String template) {
    List<String> names = new ArrayList<>();
    Matcher matcher = TEMPLATE_NAME.matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
