package org.mcrpccds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.elm.r1.ExpressionDef;
import org.mcrpccds.cards.CardCatalog;
import org.mcrpccds.cards.CardDefinition;
import org.mcrpccds.content.ContentStore;
import org.mcrpccds.cql.CompiledLibraries;
import org.mcrpccds.cql.RuleProperties;
import org.springframework.stereotype.Component;

/**
 * The services of the content, checked against the compiled libraries at startup: every card a
 * service names must exist and every define a card reads must exist in the service's library.
 * The rules a site switched off ({@code mcrpc.rules.disabled}) are taken out here, so that no
 * caller evaluates or renders them; naming a rule no service has stops the startup.
 */
@Component
public class ServiceCatalog {
  private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();

  public ServiceCatalog(ContentStore content, ObjectMapper objectMapper, CompiledLibraries libraries, CardCatalog cards,
      RuleProperties rules) {
    Set<String> disabled = rules.disabledRules();
    Set<String> known = new HashSet<>();
    content.read("cql/services/*.json").forEach((file, json) -> {
      // every declared card is checked, switched off or not: a content error is found at once
      ServiceDefinition service = parse(objectMapper, file, json);
      known.addAll(service.cards());
      Set<String> defines = libraries.compiled(service.library()).getLibrary().getStatements().getDef().stream()
          .map(ExpressionDef::getName).collect(Collectors.toSet());
      for (String rule : service.cards()) {
        CardDefinition card = cards.card(rule);
        requireDefine(defines, card.fires(), service, rule);
        card.links().stream().filter(l -> l.when() != null).forEach(l -> requireDefine(defines, l.when(), service, rule));
        card.suggestions().forEach(s -> {
          if (s.when() != null) {
            requireDefine(defines, s.when(), service, rule);
          }
          s.actions().stream().filter(a -> a.resourceIds() != null)
              .forEach(a -> requireDefine(defines, a.resourceIds(), service, rule));
        });
      }
      if (service.cardFooter() != null) {
        cards.requirePartial(service.cardFooter(), "card footer of service " + service.id());
      }
      services.put(service.id(), service.without(disabled));
    });
    if (services.isEmpty()) {
      throw new IllegalStateException("the content declares no CDS service (cql/services/*.json)");
    }
    Set<String> unknown = new TreeSet<>(disabled);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("mcrpc.rules.disabled names " + unknown + ", which no service has; the rules with"
          + " cards are " + new TreeSet<>(known) + " (guards such as R0, R13 and R15 cannot be switched off)");
    }
  }

  private static void requireDefine(Set<String> defines, String name, ServiceDefinition service, String rule) {
    if (!defines.contains(name)) {
      throw new IllegalStateException("card " + rule + " of service " + service.id() + " reads define \"" + name
          + "\", which library " + service.library() + " does not have");
    }
  }

  private static ServiceDefinition parse(ObjectMapper mapper, String file, String json) {
    try {
      ServiceDefinition service = mapper.readValue(json, ServiceDefinition.class);
      if (service.id() == null || service.hook() == null || service.library() == null || service.cards() == null
          || service.prefetch() == null) {
        throw new IllegalStateException("service " + file + " needs id, hook, library, prefetch and cards");
      }
      return service;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("service " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public Optional<ServiceDefinition> find(String id) {
    return Optional.ofNullable(services.get(id));
  }

  public Collection<ServiceDefinition> all() {
    return services.values();
  }
}
