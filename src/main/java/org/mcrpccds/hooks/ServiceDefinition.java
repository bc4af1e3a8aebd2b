package org.mcrpccds.hooks;

import java.util.List;
import java.util.Map;

/**
 * A CDS service as the content declares it in {@code cql/services/<id>.json}: its hook, what it
 * prefetches, the CQL library it evaluates and the rules (cards) it can return. Adding a service
 * is adding such a file.
 */
public record ServiceDefinition(
    String id,
    String hook,
    String title,
    String description,
    String usageRequirements,
    String library,
    Map<String, String> prefetch,
    List<String> cards) {

  public boolean isOrderHook() {
    return "order-select".equals(hook) || "order-sign".equals(hook);
  }
}
