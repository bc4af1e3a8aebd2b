package org.mcrpccds.fhir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources one hook call knows about one patient, as they arrived (FHIR JSON, not parsed into
 * HAPI objects), indexed by resource type. Everything in it was fetched or prefetched for that
 * patient, so retrieves need no patient filter.
 */
public final class PatientRecord {
  private final Map<String, List<FhirElement>> byType = new HashMap<>();

  public PatientRecord add(FhirElement resource) {
    byType.computeIfAbsent(resource.type().name(), t -> new ArrayList<>()).add(resource);
    return this;
  }

  public PatientRecord addAll(Collection<FhirElement> resources) {
    resources.forEach(this::add);
    return this;
  }

  public List<FhirElement> ofType(String resourceType) {
    return byType.getOrDefault(resourceType, List.of());
  }

  /** Every resource, grouped by type. */
  public Collection<List<FhirElement>> byType() {
    return byType.values();
  }
}
