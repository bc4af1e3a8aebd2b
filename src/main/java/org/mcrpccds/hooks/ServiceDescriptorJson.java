package org.mcrpccds.hooks;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A discovery entry: HAPI's model plus CDS Hooks 2.0 {@code usageRequirements}, which it lacks. */
class ServiceDescriptorJson extends CdsServiceJson {
  @JsonProperty("usageRequirements")
  private String usageRequirements;

  static ServiceDescriptorJson of(ServiceDefinition service) {
    var json = new ServiceDescriptorJson();
    json.setId(service.id()).setHook(service.hook()).setTitle(service.title()).setDescription(service.description());
    json.usageRequirements = service.usageRequirements();
    service.prefetch().forEach(json::addPrefetch);
    return json;
  }

  public String getUsageRequirements() {
    return usageRequirements;
  }
}
