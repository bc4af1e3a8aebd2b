package org.mcrpccds.sandbox;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /explain/{serviceId}}: the cards the hook returns, and for every rule
 * of the service whether it fired and the facts it depends on.
 *
 * @param facts every define of the service's library with its printable value (null: no value)
 * @param dataSources prefetch key → how its data was obtained, as for the hook
 */
record Explanation(
    String service,
    String hook,
    String library,
    List<CdsServiceResponseCardJson> cards,
    List<RuleExplanation> rules,
    Map<String, Object> facts,
    Map<String, String> dataSources) {

  /** @param define the Boolean define whose truth produces the card */
  record RuleExplanation(String rule, String define, boolean fired, List<Fact> facts) {}

  /** @param library the library of the define; the service's own library for most facts */
  record Fact(String library, String define, Object value) {}
}
