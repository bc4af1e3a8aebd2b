package org.mcrpccds.hooks;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * Medications that fetched orders and statements reference but the server did not include. An EHR
 * that prefetches usually includes them; a plain search does not, and without them a drug coded
 * only on its Medication (a prior taxane, say) would be invisible to the rules.
 */
final class MedicationReferences {
  private static final Pattern MEDICATION = Pattern.compile("(?:(.*)/)?Medication/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?");

  private MedicationReferences() {}

  /** Ids of referenced Medications on {@code server} that are not among {@code resources}. */
  static Set<String> unresolved(Iterable<IBaseResource> resources, URI server) {
    Set<String> referenced = new TreeSet<>();
    Set<String> present = new TreeSet<>();
    for (IBaseResource resource : resources) {
      flatten(resource).forEach(r -> {
        if (r instanceof Medication medication) {
          present.add(medication.getIdElement().getIdPart());
        }
        Type medication = medicationOf(r);
        if (medication instanceof Reference reference && reference.hasReference()) {
          Matcher m = MEDICATION.matcher(reference.getReference());
          if (m.matches() && (m.group(1) == null || isServer(m.group(1), server))) {
            referenced.add(m.group(2));
          }
        }
      });
    }
    referenced.removeAll(present);
    return referenced;
  }

  private static Stream<IBaseResource> flatten(IBaseResource resource) {
    if (resource instanceof Bundle bundle) {
      return bundle.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource).map(e -> e.getResource());
    }
    return Stream.of(resource);
  }

  private static Type medicationOf(IBaseResource resource) {
    if (resource instanceof MedicationRequest r) {
      return r.getMedication();
    }
    if (resource instanceof MedicationStatement s) {
      return s.getMedication();
    }
    if (resource instanceof MedicationAdministration a) {
      return a.getMedication();
    }
    if (resource instanceof MedicationDispense d) {
      return d.getMedication();
    }
    return null;
  }

  /** An absolute reference counts only when it points at the same server (never fetch elsewhere). */
  private static boolean isServer(String base, URI server) {
    return base.replaceAll("/+$", "").equalsIgnoreCase(server.toString().replaceAll("/+$", ""));
  }
}
