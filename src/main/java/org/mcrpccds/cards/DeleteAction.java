package org.mcrpccds.cards;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** CDS Hooks 2.0 {@code delete} action: HAPI's action model has no {@code resourceId} yet. */
public class DeleteAction extends CdsServiceResponseSuggestionActionJson {
  @JsonProperty("resourceId")
  private final List<String> resourceId;

  public DeleteAction(String description, List<String> resourceId) {
    setType("delete");
    setDescription(description);
    this.resourceId = List.copyOf(resourceId);
  }

  public List<String> getResourceId() {
    return resourceId;
  }
}
