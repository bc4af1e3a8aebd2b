package org.mcrpccds.cards;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * CDS Hooks 2.0 {@code delete} action: HAPI's action model has no {@code resourceId} yet. The
 * specification (§Action) makes it one string, {@code Type/id}: deleting several resources takes
 * one action each.
 */
public class DeleteAction extends CdsServiceResponseSuggestionActionJson {
  @JsonProperty("resourceId")
  private final String resourceId;

  public DeleteAction(String description, String resourceId) {
    setType("delete");
    setDescription(description);
    this.resourceId = resourceId;
  }

  public String getResourceId() {
    return resourceId;
  }
}
