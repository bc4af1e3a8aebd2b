package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mcrpccds.fhir.FhirElement;
import org.mcrpccds.fhir.PatientRecord;

/**
 * The Medications that a hook call's orders, statements, administrations and dispenses reference
 * and that nothing in the call holds: no Medication with that id among the prefetched, fetched or
 * draftOrders resources. A contained reference ({@code #id}) is the rules' to read in the resource
 * itself; a reference without a {@code Medication/id} names nothing that could be looked up.
 */
final class MedicationReferences {
  private static final Pattern MEDICATION = Pattern.compile("(?:(.*)/)?Medication/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?");
  private static final List<String> REFERRING_TYPES =
      List.of("MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense");

  private MedicationReferences() {}

  /**
   * One Medication nothing in the call holds.
   *
   * @param id its logical id
   * @param display the reference's display text, null when it has none
   * @param onServer whether {@code fhirServer} holds it: the reference is relative, or absolute under it
   */
  record Unresolved(String id, String display, boolean onServer) {}

  /** By logical id; for an id referenced twice, the first reference with a display text. */
  static Map<String, Unresolved> unresolved(PatientRecord record, List<FhirElement> drafts, String fhirServer) {
    Map<String, Unresolved> unresolved = new LinkedHashMap<>();
    Set<String> present = null;
    for (String type : REFERRING_TYPES) {
      for (FhirElement resource : record.ofType(type)) {
        present = collect(resource, record, present, fhirServer, unresolved);
      }
    }
    for (FhirElement draft : drafts) {
      present = collect(draft, record, present, fhirServer, unresolved);
    }
    return unresolved;
  }

  /** The Medication ids of the record are gathered only once a reference asks for them. */
  private static Set<String> collect(FhirElement resource, PatientRecord record, Set<String> present, String fhirServer,
      Map<String, Unresolved> unresolved) {
    JsonNode reference = resource.json().get("medicationReference");
    if (reference == null || !reference.isObject()) {
      return present;
    }
    Matcher medication = MEDICATION.matcher(reference.path("reference").asText(""));
    if (!medication.matches()) {
      return present;
    }
    Set<String> ids = present != null ? present : ids(record);
    String id = medication.group(2);
    if (!ids.contains(id)) {
      String display = reference.path("display").isTextual() ? reference.get("display").asText() : null;
      boolean onServer = medication.group(1) == null || isServer(medication.group(1), fhirServer);
      unresolved.merge(id, new Unresolved(id, display, onServer), (first, next) -> first.display() != null ? first : next);
    }
    return ids;
  }

  private static Set<String> ids(PatientRecord record) {
    Set<String> ids = new HashSet<>();
    record.ofType("Medication").forEach(medication -> ids.add(medication.resourceId()));
    return ids;
  }

  /** An absolute reference counts only when it points at the same server (never fetch elsewhere). */
  private static boolean isServer(String base, String fhirServer) {
    return fhirServer != null && base.replaceAll("/+$", "").equalsIgnoreCase(fhirServer.replaceAll("/+$", ""));
  }
}
