package org.mcrpccds.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The resources one hook call knows about one patient, indexed by resource type. Everything in it
 * was fetched or prefetched for that patient, so retrieves need no patient filter.
 */
public final class PatientRecord {
  private final Map<String, List<IBaseResource>> byType = new HashMap<>();

  public PatientRecord add(IBaseResource resource) {
    byType.computeIfAbsent(resource.fhirType(), t -> new ArrayList<>()).add(resource);
    return this;
  }

  public PatientRecord addAll(Collection<? extends IBaseResource> resources) {
    resources.forEach(this::add);
    return this;
  }

  public List<IBaseResource> ofType(String resourceType) {
    return byType.getOrDefault(resourceType, List.of());
  }
}
