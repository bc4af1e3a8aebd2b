package org.mcrpccds.cards;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsHooksExtension;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The card extension that names the rule behind a card (contract: "org.mcrpccds.rule"). */
public class RuleExtension extends CdsHooksExtension {
  public static final String KEY = "org.mcrpccds.rule";

  @JsonProperty(KEY)
  private final String rule;

  public RuleExtension(String rule) {
    this.rule = rule;
  }

  public String getRule() {
    return rule;
  }
}
