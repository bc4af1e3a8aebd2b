package org.mcrpccds.hooks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CDS service as the content declares it in {@code cql/services/<id>.json}: its hook, what it
 * prefetches, the CQL library it evaluates, the rules (cards) it can return in the order they are
 * shown within one indicator, and optionally {@code cardFooter}, a partial of {@code cql/cards/}
 * that ends the detail of every card. Adding a service is adding such a file.
 */
public record ServiceDefinition(
    String id,
    String hook,
    String title,
    String description,
    String usageRequirements,
    String library,
    Map<String, String> prefetch,
    List<String> cards,
    String cardFooter) {

  /** This service without the rules a site switched off. */
  public ServiceDefinition without(Set<String> disabledRules) {
    List<String> kept = cards.stream().filter(rule -> !disabledRules.contains(rule)).toList();
    return new ServiceDefinition(id, hook, title, description, usageRequirements, library, prefetch, kept, cardFooter);
  }

  public boolean isOrderHook() {
    return "order-select".equals(hook) || "order-sign".equals(hook);
  }
}
